// Strings of the figure export menu (keys start with "export").

export const en = {
  exportFigureButton: 'Export “{figure}”',
  exportMenuLabel: 'Export this figure',
  exportPng1: 'PNG for screens (1×)',
  exportPng2: 'PNG for projectors (2×)',
  exportPng4: 'PNG for print (4×, ≈300 dpi)',
  exportSvg: 'SVG (vector, editable)',
  exportCsv: 'CSV (the numbers)',
  exportJson: 'JSON (numbers and settings)',
  exportWorking: 'Preparing {file} …',
  exportDone: '{file} downloaded',
  exportFailed: 'Export failed: {reason}',
  exportNoData: 'No numbers yet',
};

export const zh: Record<keyof typeof en, string> = {
  exportFigureButton: '导出“{figure}”',
  exportMenuLabel: '导出此图',
  exportPng1: 'PNG（屏幕，1×）',
  exportPng2: 'PNG（投影，2×）',
  exportPng4: 'PNG（论文与出版，4×，约 300 dpi）',
  exportSvg: 'SVG（可缩放，可修改）',
  exportCsv: 'CSV（数据）',
  exportJson: 'JSON（数据与设置）',
  exportWorking: '正在制作 {file} …',
  exportDone: '已下载 {file}',
  exportFailed: '导出失败：{reason}',
  exportNoData: '暂无数据',
};
