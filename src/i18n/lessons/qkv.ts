// Strings of the qkv lesson (keys start with "qkv").

export const en = {
  qkvIntro: '',
} as const;

export const zh: Record<keyof typeof en, string> = {
  qkvIntro: '',
};
