// Strings of the position lesson (keys start with "position").

export const en = {
  positionIntro: '',
} as const;

export const zh: Record<keyof typeof en, string> = {
  positionIntro: '',
};
