// Strings of the playground's trained model (keys start with "weights" or "trained").

export const en = {
  weightsHeading: 'Weights',
  weightsSeeded: 'Random',
  weightsTrained: 'Trained',
  weightsHelp: 'Random weights come from the seed: the machinery before any learning. Trained: a model that learned to reverse 6 digits, with the patterns it learned.',
  trainedIntro:
    'A model trained to reverse {length} digits (3 1 4 1 5 9 → 9 5 1 4 1 3). Output position i must copy input position {length} + 1 − i, so its attention looks along the anti-diagonal. Type your own digits.',
  trainedShape: 'Fixed by the checkpoint: d_model {d}, {heads} heads (d_k = {dk}), {layers} layer, n = {length}, scaled scores, no mask.',
  trainedProvenance: 'Trained for {steps} steps from seed {seed} (npm run train-checkpoint); {sequence} of {size} held-out sequences right.',
  trainedHowLink: 'Watch one train →',
  trainedLoading: 'Loading the trained model…',
  trainedLoadFailed: 'The trained model could not be loaded: {reason}',
  trainedRetry: 'Try again',
  trainedAnswerTitle: 'The model’s answer',
  trainedAnswerTarget: 'the reverse: {target}',
  trainedAnswerRight: '{right} of {length} digits right',
  trainedAnswerCell: 'output position {position}: {digit} with probability {probability}',
  trainedAntiDiagonal: 'Head {head}: mean weight on the anti-diagonal {value} (1/{length} ≈ {even} if spread evenly)',
  trainedCheck: 'Float64 check: every tensor of this pass within tolerance; the answer’s probabilities differ by at most {diff} (tolerance {tolerance}).',
  trainedCheckFailed: 'Float64 check FAILED: {name} differs by {diff} (tolerance {tolerance}).',
  trainedCheckWaiting: 'Float64 check: computing…',
} as const;

export const zh: Record<keyof typeof en, string> = {
  weightsHeading: '权重',
  weightsSeeded: '随机',
  weightsTrained: '训练好的',
  weightsHelp: '随机权重由种子生成：学习之前的机制。训练好的：一个学会把 6 个数字倒序的模型，以及它学到的模式。',
  trainedIntro:
    '一个训练来把 {length} 个数字倒序的模型（3 1 4 1 5 9 → 9 5 1 4 1 3）。输出位置 i 必须抄写输入位置 {length} + 1 − i，所以它的注意力沿着反对角线。输入你自己的数字试试。',
  trainedShape: '由检查点固定：d_model {d}，{heads} 个头（d_k = {dk}），{layers} 层，n = {length}，缩放分数，无掩码。',
  trainedProvenance: '从种子 {seed} 训练 {steps} 步（npm run train-checkpoint）；留出的 {size} 个序列中 {sequence} 个全对。',
  trainedHowLink: '看它如何训练 →',
  trainedLoading: '正在载入训练好的模型…',
  trainedLoadFailed: '无法载入训练好的模型：{reason}',
  trainedRetry: '重试',
  trainedAnswerTitle: '模型的回答',
  trainedAnswerTarget: '倒序：{target}',
  trainedAnswerRight: '{length} 个数字中对了 {right} 个',
  trainedAnswerCell: '输出位置 {position}：{digit}，概率 {probability}',
  trainedAntiDiagonal: '头 {head}：反对角线上的平均权重 {value}（均匀分布时为 1/{length} ≈ {even}）',
  trainedCheck: 'Float64 校验：这次计算的每个张量都在容差内；回答的概率最多相差 {diff}（容差 {tolerance}）。',
  trainedCheckFailed: 'Float64 校验失败：{name} 相差 {diff}（容差 {tolerance}）。',
  trainedCheckWaiting: 'Float64 校验：计算中…',
};
