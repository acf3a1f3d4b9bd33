// Strings of the long-range dependencies lesson (keys start with "longRange").

export const en = {
  longRangeQuestion: 'Why can a transformer handle long-range dependencies (better than an RNN)?',
  longRangeExplanation:
    'Self-attention connects every pair of tokens directly: information from token j reaches token i in one step, however far apart they are. An RNN passes it along the chain, one recurrent step per token in between.',
  longRangeExplanationGradient:
    'Each recurrent step multiplies the gradient by diag(1 − h_t²) Wᵀ. With small recurrent weights that product shrinks exponentially with the distance (vanishing), with large ones it can grow (exploding). Through attention the first token reaches the last through one softmax weight a₀: the gradient shrinks only as the weight is shared among more tokens, not step by step.',
  longRangeExplanationMeasured:
    'Measured below, by autodiff on your backend: ‖∂y_last/∂x_first‖ for one attention layer and for a tanh RNN, for every n from 2 to 64 (d = {d}, seeded weights), checked against an independent Float64 computation.',
  longRangeFormulaLabel:
    'Attention: y_n = sum over j of a_j v_j, a = softmax(q_n k_jᵀ / √d); dy_n/dx_1 goes through a_1 directly. RNN: h_t = tanh(h_(t−1) W + x_t U); dh_n/dx_1 = product over t of diag(1 − h_t²) Wᵀ, times diag(1 − h_1²) Uᵀ: n − 1 factors.',
  longRangeControls: 'Sequence and RNN',
  longRangeLength: 'Sequence length n',
  longRangeFrom: 'Token i',
  longRangeTo: 'Token j',
  longRangeScale: 'RNN recurrent-weight scale',
  longRangeScaleHelp: 'W entries have std scale/√d',
  longRangeSeed: 'Seed',
  longRangePathsTitle: 'Paths from token i = {i} to token j = {j} among n = {n} tokens',
  longRangeAttentionRow: 'self-attention: every pair in one step',
  longRangeRnnRow: 'RNN: one recurrent step per token',
  longRangePathsSummary:
    'Path from token {i} to token {j}: through attention {attention} step(s), through the RNN {rnn} step(s). Attention draws all {pairs} pairs of tokens; the RNN chain has {steps} states in a row.',
  longRangeCountsCaption: 'Counted for n = {n}',
  longRangeCountQuantity: 'quantity',
  longRangeCountAttention: 'self-attention',
  longRangeCountRnn: 'RNN',
  longRangeCountPath: 'path from i to j',
  longRangeCountMaxPath: 'longest path between two tokens',
  longRangeCountPairs: 'pairs scored per layer (n²)',
  longRangeCountSequential: 'steps that must run one after another',
  longRangeCountWork: 'multiply-adds per layer (d = {d})',
  longRangeComplexity: 'O(1) vs O(n) path; O(n²·d) vs O(n·d²) work, but attention runs all n positions in parallel while the RNN needs n sequential steps.',
  longRangeComputing: 'Computing on {backend}…',
  longRangeReady: 'Gradients for n = 2 … {max}, d = {d}, computed by autodiff on {backend}',
  longRangeFailed: 'The measurement failed: {reason}',
  longRangeChartTitle: 'Gradient norm ‖∂y_last/∂x_first‖ against sequence length n (log scale)',
  longRangeAxis: 'sequence length n',
  longRangeSeriesAttention: 'self-attention',
  longRangeSeriesRnn: 'tanh RNN (scale {scale})',
  longRangeReadout: 'At n = {n}: attention {attention}, RNN {rnn} (ratio attention / RNN {ratio}).',
  longRangeAgreement:
    'Backend vs Float64 reference, worst relative difference over n = 2 … {max}: attention {attention} (tolerance {tolerance}), RNN {rnn} (tolerance {perStep} per recurrent step: float32 roundings add up along the chain; compared while the gradient is above {floor} of its n = 2 value, below which GPU backends leave float32 noise).',
  longRangeDisagree:
    '{backend} differs from the Float64 reference by more than the tolerance here: its RNN gradient is not to be trusted at these settings (seen with WebGPU in software, SwiftShader; wasm and cpu agree).',
  longRangeUnderflow: 'Values of 0 underflowed float32 (below about 1e-38) and are not drawn.',
} as const;

export const zh: Record<keyof typeof en, string> = {
  longRangeQuestion: '为什么 Transformer 能有效处理长距离依赖（比 RNN 更好）？',
  longRangeExplanation:
    '自注意力直接连接任意两个 token：token j 的信息一步就到达 token i，无论相隔多远。RNN 则沿着链条传递，中间每隔一个 token 就要多走一步循环。',
  longRangeExplanationGradient:
    '每走一步循环，梯度都要乘以 diag(1 − h_t²) Wᵀ。循环权重小时，这个连乘随距离指数衰减（梯度消失）；权重大时可能增长（梯度爆炸）。在注意力中，第一个 token 通过一个 softmax 权重 a₀ 直接到达最后一个：梯度只因权重被更多 token 分摊而减小，而不是一步一步地衰减。',
  longRangeExplanationMeasured:
    '下面在你的后端上用自动微分实测：一层注意力与一个 tanh RNN 的 ‖∂y_last/∂x_first‖，n 从 2 到 64（d = {d}，权重由种子生成），并与独立的 Float64 计算对照。',
  longRangeFormulaLabel:
    '注意力：y_n = 对 j 求和 a_j v_j，a = softmax(q_n k_jᵀ / √d)；dy_n/dx_1 直接经过 a_1。RNN：h_t = tanh(h_(t−1) W + x_t U)；dh_n/dx_1 = 对 t 连乘 diag(1 − h_t²) Wᵀ，再乘 diag(1 − h_1²) Uᵀ：共 n − 1 个因子。',
  longRangeControls: '序列与 RNN',
  longRangeLength: '序列长度 n',
  longRangeFrom: 'token i',
  longRangeTo: 'token j',
  longRangeScale: 'RNN 循环权重尺度',
  longRangeScaleHelp: 'W 的元素标准差为 scale/√d',
  longRangeSeed: '随机种子',
  longRangePathsTitle: '在 n = {n} 个 token 中，从 token i = {i} 到 token j = {j} 的路径',
  longRangeAttentionRow: '自注意力：任意两个 token 一步相连',
  longRangeRnnRow: 'RNN：每隔一个 token 走一步循环',
  longRangePathsSummary:
    '从 token {i} 到 token {j} 的路径：经注意力 {attention} 步，经 RNN {rnn} 步。注意力连接全部 {pairs} 对 token；RNN 的链条上有 {steps} 个依次排列的状态。',
  longRangeCountsCaption: 'n = {n} 时的计数',
  longRangeCountQuantity: '数量',
  longRangeCountAttention: '自注意力',
  longRangeCountRnn: 'RNN',
  longRangeCountPath: '从 i 到 j 的路径',
  longRangeCountMaxPath: '任意两个 token 之间的最长路径',
  longRangeCountPairs: '每层打分的 token 对数（n²）',
  longRangeCountSequential: '必须依次执行的步数',
  longRangeCountWork: '每层乘加次数（d = {d}）',
  longRangeComplexity: '路径 O(1) 对 O(n)；计算量 O(n²·d) 对 O(n·d²)，但注意力的 n 个位置可以并行计算，RNN 必须依次走 n 步。',
  longRangeComputing: '正在 {backend} 上计算…',
  longRangeReady: 'n = 2 … {max}、d = {d} 的梯度，在 {backend} 上用自动微分计算',
  longRangeFailed: '测量失败：{reason}',
  longRangeChartTitle: '梯度范数 ‖∂y_last/∂x_first‖ 随序列长度 n 的变化（对数坐标）',
  longRangeAxis: '序列长度 n',
  longRangeSeriesAttention: '自注意力',
  longRangeSeriesRnn: 'tanh RNN（尺度 {scale}）',
  longRangeReadout: 'n = {n} 时：注意力 {attention}，RNN {rnn}（注意力 / RNN = {ratio}）。',
  longRangeAgreement: '后端与 Float64 参考实现在 n = 2 … {max} 上的最大相对差：注意力 {attention}（容差 {tolerance}），RNN {rnn}（容差为每步循环 {perStep}：float32 的舍入误差沿链条累积；只在梯度高于 n = 2 时的 {floor} 倍时比较，更小时 GPU 后端会留下 float32 噪声）。',
  longRangeDisagree: '{backend} 在这里与 Float64 参考实现的差超出了容差：在这些设置下它的 RNN 梯度不可信（在软件实现的 WebGPU（SwiftShader）上可见；wasm 与 cpu 一致）。',
  longRangeUnderflow: '为 0 的值已低于 float32 的下限（约 1e-38），未画出。',
};
