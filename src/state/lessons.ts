// The lessons the app offers, in the order of the navigation bar. Each id is also the
// value of the `lesson` URL key.

export const LESSON_IDS = [
  'playground',
  'overview',
  'qkv',
  'scaling',
  'formula',
  'heads',
  'masking',
  'position',
  'norms',
  'depth',
  'cost',
  'longrange',
  'train',
] as const;
export type LessonId = (typeof LESSON_IDS)[number];

/**
 * Views that are not one of the notes' numbered questions: the playground, the model
 * overview and live training. They carry no number, so lessons 1–9 keep theirs (tabs, digit keys, README);
 * lesson 10 (long range) has a number but no digit key.
 */
export const UNNUMBERED_LESSONS: readonly LessonId[] = ['playground', 'overview', 'train'];

/** The lessons with a number, in tab order: number k (1-based) is NUMBERED_LESSONS[k − 1]. */
export const NUMBERED_LESSONS: readonly LessonId[] = LESSON_IDS.filter((id) => !UNNUMBERED_LESSONS.includes(id));

/** A lesson's tab number (1 …), or null for the playground and the overview. */
export function lessonNumber(id: LessonId): number | null {
  const index = NUMBERED_LESSONS.indexOf(id);
  return index < 0 ? null : index + 1;
}

/** d_k choices of the √d_k lesson's experiment: 2 … 1024 in powers of two (log steps). */
export const PROBE_DK_CHOICES = [2, 4, 8, 16, 32, 64, 128, 256, 512, 1024] as const;
export const DEFAULT_PROBE_DK = 64;

/** Painted masks up to this n travel in the URL (n² bits, base64: 2,731 characters at 128). */
export const MAX_URL_PAINTED_SEQ_LEN = 128;
