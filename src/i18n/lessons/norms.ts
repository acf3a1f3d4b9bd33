// Strings of the norms lesson (keys start with "norms").

export const en = {
  normsIntro: '',
} as const;

export const zh: Record<keyof typeof en, string> = {
  normsIntro: '',
};
