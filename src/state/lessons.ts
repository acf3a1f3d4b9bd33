// The lessons the app offers, in the order of the navigation bar. Each id is also the
// value of the `lesson` URL key.

export const LESSON_IDS = [
  'playground',
  'qkv',
  'scaling',
  'formula',
  'heads',
  'masking',
  'position',
  'norms',
  'depth',
  'cost',
] as const;
export type LessonId = (typeof LESSON_IDS)[number];

/** d_k choices of the √d_k lesson's experiment: 2 … 1024 in powers of two (log steps). */
export const PROBE_DK_CHOICES = [2, 4, 8, 16, 32, 64, 128, 256, 512, 1024] as const;
export const DEFAULT_PROBE_DK = 64;

/** Painted masks up to this n travel in the URL (n² bits, base64: 2,731 characters at 128). */
export const MAX_URL_PAINTED_SEQ_LEN = 128;
