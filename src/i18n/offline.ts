// Strings of the offline notices (keys start with "offline").

export const en = {
  offlineReady: 'Ready offline: this app now works without a network.',
  offlineUpdate: 'A new version of QKV Lab is ready.',
  offlineReload: 'Reload',
  offlineNoticeLabel: 'Offline use',
};

export const zh: Record<keyof typeof en, string> = {
  offlineReady: '已可离线使用：断网后本应用照常运行。',
  offlineUpdate: 'QKV Lab 有新版本。',
  offlineReload: '重新加载',
  offlineNoticeLabel: '离线使用',
};
