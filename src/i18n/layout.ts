// Strings of projector mode's slide layout: the figure pager and the controls drawer.

export const en = {
  figurePagesLabel: 'Figure pages',
  figurePageOf: 'Figures {page} / {count}',
  figurePagePrevious: 'Previous figures',
  figurePageNext: 'Next figures',
  controlsDrawerOpen: 'Controls',
  controlsDrawerHint: 'Show or hide the controls (key C)',
  keysNextSlide: 'in projector mode: next figure page, then next lesson',
  keysPreviousSlide: 'in projector mode: previous figure page, then previous lesson',
  keysControls: 'projector mode: controls drawer open / closed',
  formulaShow: 'formula',
  formulaHide: 'hide formula',
};

export const zh: Record<keyof typeof en, string> = {
  figurePagesLabel: '图页',
  figurePageOf: '图 {page} / {count}',
  figurePagePrevious: '上一页图',
  figurePageNext: '下一页图',
  controlsDrawerOpen: '控制项',
  controlsDrawerHint: '显示或隐藏控制项（按 C 键）',
  keysNextSlide: '投影模式下：下一页图，最后一页后到下一课',
  keysPreviousSlide: '投影模式下：上一页图，第一页前到上一课',
  keysControls: '投影模式下：打开 / 关闭控制项抽屉',
  formulaShow: '公式',
  formulaHide: '隐藏公式',
};
