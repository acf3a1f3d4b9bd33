// Strings of the cost lesson (keys start with "cost").

export const en = {
  costIntro: '',
} as const;

export const zh: Record<keyof typeof en, string> = {
  costIntro: '',
};
