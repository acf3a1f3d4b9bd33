// Strings of the masking lesson (keys start with "masking").

export const en = {
  maskingIntro: '',
} as const;

export const zh: Record<keyof typeof en, string> = {
  maskingIntro: '',
};
