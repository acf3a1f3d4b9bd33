// Strings of the "why three projections Q, K, V" lesson (keys start with "qkv").

export const en = {
  qkvQuestion: 'Why does attention use three different projections, W_Q, W_K and W_V?',
  qkvExplainScores:
    'The score of query i for key j is q_i·k_j = x_i W_Q W_Kᵀ x_jᵀ. Left: the model with its own W_Q, W_K, W_V. Right: the same model with W_K := W_Q. Compare the two score maps.',
  qkvExplainSymmetry:
    'Tied, the score becomes x_i W_Q W_Qᵀ x_jᵀ = q_i·q_j: the map is a mirror image across its diagonal (asymmetry 0), so "how much i looks for j" always equals "how much j looks for i", and the diagonal |q_i|² tends to win each row: every token looks mostly at itself.',
  qkvExplainCapacity:
    'Separate projections make W_Q W_Kᵀ any matrix of rank d_k, asymmetric relations included (a verb seeking its subject need not be sought back); tying W_V too makes what a token offers the same as what it looks for. Each tie saves d_model² weights per layer and costs this expressiveness.',
  qkvTie: 'tie W_Q = W_K in the model',
  qkvTieValues: 'tie W_V too',
  qkvTieValuesDetail: 'W_Q = W_K = W_V',
  qkvSeparateTitle: 'Separate W_Q, W_K, W_V',
  qkvTiedTitle: 'Tied W_K = W_Q',
  qkvTiedAllTitle: 'Tied W_K = W_V = W_Q',
  qkvLiveModel: 'the model in use',
  qkvComparison: 'for comparison',
  qkvScoresCaption: 'scores S = QKᵀ · layer {layer} · head {head}',
  qkvWeightsCaption: 'attention weights softmax(S/√d_k)',
  qkvSymmetry: 'asymmetry ‖S − Sᵀ‖ / ‖S‖',
  qkvDiagonal: 'rows peaking on the diagonal',
  qkvDiagonalValue: '{count} of {n} ({percent}%)',
  qkvAllHeads: 'mean over the {heads} heads of layer {layer}: asymmetry {symmetry}, diagonal maxima {percent}%',
  qkvParameters: 'W_Q, W_K, W_V weights',
  qkvParametersValue: '{count} ({matrices} × {d}²)',
  qkvHoverPrompt: 'Hover or tap a cell: its mirror cell is shown beside it.',
  qkvHoverPair: 'S[{i},{j}] = {a}   S[{j},{i}] = {b}',
  qkvWaiting: 'computing the other model…',
  qkvLegend: 'score (blue < 0 < red)',
  qkvFormulaLabel: 'score_ij = q_i · k_j = x_i W_Q W_K transposed x_j transposed; tied: x_i W_Q W_Q transposed x_j transposed = score_ji',
} as const;

export const zh: Record<keyof typeof en, string> = {
  qkvQuestion: '注意力为什么要用三个不同的投影 W_Q、W_K、W_V？',
  qkvExplainScores:
    '查询 i 对键 j 的分数是 q_i·k_j = x_i W_Q W_Kᵀ x_jᵀ。左边：模型使用各自独立的 W_Q、W_K、W_V；右边：同一个模型，但令 W_K := W_Q。对比两张分数图。',
  qkvExplainSymmetry:
    '绑定后分数变成 x_i W_Q W_Qᵀ x_jᵀ = q_i·q_j：整张图沿对角线镜像对称（不对称度为 0），“i 找 j 的程度”永远等于“j 找 i 的程度”；而且对角线上的 |q_i|² 往往是每行最大的——每个 token 主要看它自己。',
  qkvExplainCapacity:
    '独立的投影让 W_Q W_Kᵀ 可以是任意秩为 d_k 的矩阵，包括不对称的关系（动词去找主语，主语不必反过来找动词）；再把 W_V 也绑定，一个 token “提供的内容”就和它“要找的内容”相同。每绑定一次，每层省下 d_model² 个参数，代价就是这种表达能力。',
  qkvTie: '在模型中绑定 W_Q = W_K',
  qkvTieValues: '同时绑定 W_V',
  qkvTieValuesDetail: 'W_Q = W_K = W_V',
  qkvSeparateTitle: '独立的 W_Q、W_K、W_V',
  qkvTiedTitle: '绑定 W_K = W_Q',
  qkvTiedAllTitle: '绑定 W_K = W_V = W_Q',
  qkvLiveModel: '正在使用的模型',
  qkvComparison: '用于对比',
  qkvScoresCaption: '分数 S = QKᵀ · 第 {layer} 层 · 第 {head} 个头',
  qkvWeightsCaption: '注意力权重 softmax(S/√d_k)',
  qkvSymmetry: '不对称度 ‖S − Sᵀ‖ / ‖S‖',
  qkvDiagonal: '最大值在对角线的行',
  qkvDiagonalValue: '{n} 行中的 {count} 行（{percent}%）',
  qkvAllHeads: '第 {layer} 层全部 {heads} 个头的平均：不对称度 {symmetry}，对角线最大 {percent}%',
  qkvParameters: 'W_Q、W_K、W_V 参数量',
  qkvParametersValue: '{count}（{matrices} × {d}²）',
  qkvHoverPrompt: '悬停或点按一个格子：旁边显示它的镜像格子。',
  qkvHoverPair: 'S[{i},{j}] = {a}   S[{j},{i}] = {b}',
  qkvWaiting: '正在计算另一个模型…',
  qkvLegend: '分数（蓝 < 0 < 红）',
  qkvFormulaLabel: 'score_ij = q_i · k_j = x_i W_Q W_K 转置 x_j 转置；绑定后为 x_i W_Q W_Q 转置 x_j 转置 = score_ji',
};
