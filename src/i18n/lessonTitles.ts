// Each lesson's title (header, tooltips, links) and short name (its tab), as string keys:
// one table for the app shell, the overview's links to lessons and the tests.
import type { LessonId } from '../state/lessons';
import type { StringKey } from './strings';

export const LESSON_TITLES: Record<LessonId, { title: StringKey; short: StringKey }> = {
  playground: { title: 'lessonPlayground', short: 'lessonShortPlayground' },
  overview: { title: 'lessonOverview', short: 'lessonShortOverview' },
  qkv: { title: 'lessonQkv', short: 'lessonShortQkv' },
  scaling: { title: 'lessonScaling', short: 'lessonShortScaling' },
  formula: { title: 'lessonFormula', short: 'lessonShortFormula' },
  heads: { title: 'lessonHeads', short: 'lessonShortHeads' },
  masking: { title: 'lessonMasking', short: 'lessonShortMasking' },
  position: { title: 'lessonPosition', short: 'lessonShortPosition' },
  norms: { title: 'lessonNorms', short: 'lessonShortNorms' },
  depth: { title: 'lessonDepth', short: 'lessonShortDepth' },
  cost: { title: 'lessonCost', short: 'lessonShortCost' },
  longrange: { title: 'lessonLongRange', short: 'lessonShortLongRange' },
  train: { title: 'lessonTrain', short: 'lessonShortTrain' },
};
