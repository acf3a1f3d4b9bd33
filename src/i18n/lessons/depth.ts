// Strings of the depth lesson (keys start with "depth").

export const en = {
  depthIntro: '',
} as const;

export const zh: Record<keyof typeof en, string> = {
  depthIntro: '',
};
