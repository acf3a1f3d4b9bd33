// Strings of the formula lesson (keys start with "formula").

export const en = {
  formulaIntro: '',
} as const;

export const zh: Record<keyof typeof en, string> = {
  formulaIntro: '',
};
