// Strings of the heads lesson (keys start with "heads").

export const en = {
  headsIntro: '',
} as const;

export const zh: Record<keyof typeof en, string> = {
  headsIntro: '',
};
