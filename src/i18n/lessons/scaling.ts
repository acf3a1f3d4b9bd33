// Strings of the scaling lesson (keys start with "scaling").

export const en = {
  scalingIntro: '',
} as const;

export const zh: Record<keyof typeof en, string> = {
  scalingIntro: '',
};
