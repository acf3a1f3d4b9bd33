// Strings of the heads lesson (keys start with "heads").
// {P} is the projection shown (Q, K or V); shapes are written as the notes write them.

export const en = {
  headsQuestion: 'Multi-head attention: how are the dimensions split?',
  headsExplanationProject:
    '{P} = X·W_{P} is computed once, as one {n} × {d} matrix (①). Multi-head attention makes no new, smaller projections: it cuts the d_model = {d} columns into h = {h} consecutive slices of d_k = {dk} columns each (the coloured bands, ②).',
  headsExplanationHeads:
    'Each head computes its own {n} × {n} attention weights from its slices only (③). The h outputs of {n} × {dk} are set side by side again, back to {n} × {d} (④), and W_O mixes them (⑤). Drag h: the cuts move, the weight count stays 4 · d_model².',
  headsControlsLabel: 'Controls of the multi-head lesson',
  headsProjection: 'projection to cut',
  headsFormulaLabel:
    'MultiHead(X) = Concat(head_1, …, head_h) W_O, where head_i = softmax(Q_i K_i transposed / square root of d_k) V_i and Q_i = X W_Q restricted to columns (i−1)·d_k to i·d_k',

  headsStepProject: '① Project: X · W_{P} = {P}, one matrix for all heads',
  headsStepSplit: '② Cut {P} into h = {h} slices of d_k = {dk} columns',
  headsStepAttend: '③ Each head attends with its own slices: weights softmax(QᵢKᵢᵀ{scale}) and output weights · Vᵢ',
  headsStepConcat: '④ Concat: the {h} head outputs side by side again',
  headsStepMix: '⑤ Mix the heads: Concat · W_O = MultiHead(X)',
  headsInputNote: '(the layer’s input after LayerNorm)',
  headsWeightsName: 'W_{P}{tied}',
  headsTiedToQuery: ' (= W_Q, tied in the Q/K/V lesson)',
  headsOutputWeightsName: 'W_O',
  headsMultiHeadName: 'MultiHead(X), the attention output',
  headsConcatName: 'Concat(head₁, …, head_{h})',
  headsHeadName: 'head {head}',
  headsWeightsCaption: 'weights',
  headsHeadOutputCaption: 'output',

  headsShapeNd: 'n × d_model = {n} × {d}',
  headsShapeDd: 'd_model × d_model = {d} × {d}',
  headsShapeNdk: 'n × d_k = {n} × {dk}',
  headsShapeNn: 'n × n = {n} × {n}',
  headsShapeSplit: 'h × d_k = {h} × {dk} = d_model',
  headsShapeSlices: 'each slice n × d_k = {n} × {dk}',

  headsBandHead: 'head {head}',
  headsBandColumns: 'columns {from}–{to}',
  headsBandColumn: 'column {from}',

  headsLegendValue: 'value',
  headsLegendWeight: 'weight',
  headsLegendMasked: 'masked',

  headsHoverPrompt: 'Hover a column of {P}, of a slice or of Concat: the readout says which head owns it.',
  headsHoverPromptConcat: 'Hover a column of Concat (or of a head’s output) to see which head it came from.',
  headsHoverPromptOutput: 'Hover a cell of the output to see how W_O mixes the heads.',
  headsHoverProjected: 'Column {col} of {P} belongs to head {head}: it is column {index} of {slice} (columns {from}–{to}).',
  headsHoverConcat: 'Column {col} of Concat comes from head {head}: column {index} of its output (columns {from}–{to}).',
  headsHoverOutput:
    'MultiHead(X)[{row}, {col}] = row {row} of Concat · column {col} of W_O: a sum over all {d} columns, so it mixes all {h} heads.',
  headsHoverToken: 'token {row} “{token}”',

  headsParams:
    'Weights: W_Q, W_K, W_V each give h slices of d_model × d_k: 3 × {h} × ({d} × {dk}) = {qkv} = 3 · d_model²; with W_O ({d} × {d} = {wo}) that is {total} = 4 · d_model² for any h.',
  headsCost:
    'Multiply-adds: projections 4 · n · d_model² = {projection}; scores and weighted sums 2 · h · n² · d_k = {attention} = 2 · n² · d_model. Neither depends on h: the split costs nothing, it changes only what each head can see.',
  headsTied: 'Here {tied} reuse W_Q (tied in the Q/K/V lesson): {count} distinct matrices, {distinct} weights.',
} as const;

export const zh: Record<keyof typeof en, string> = {
  headsQuestion: '多头注意力：维度是怎么切分的？',
  headsExplanationProject:
    '{P} = X·W_{P} 只计算一次，得到一个 {n} × {d} 的矩阵（①）。多头注意力并没有另做 h 个更小的投影，而是把这 d_model = {d} 列按顺序切成 h = {h} 段，每段 d_k = {dk} 列（彩色条带，②）。',
  headsExplanationHeads:
    '每个头只用自己的那一段，算出自己的 {n} × {n} 注意力权重（③）。h 个 {n} × {dk} 的输出再并排拼回 {n} × {d}（④），由 W_O 混合（⑤）。拖动 h：切分线会移动，权重总数始终是 4 · d_model²。',
  headsControlsLabel: '多头注意力课的控件',
  headsProjection: '要切分的投影',
  headsFormulaLabel:
    'MultiHead(X) = Concat(head_1, …, head_h) W_O，其中 head_i = softmax(Q_i K_i 转置 / d_k 的平方根) V_i，Q_i = X W_Q 的第 (i−1)·d_k 到 i·d_k 列',

  headsStepProject: '① 投影：X · W_{P} = {P}，所有头共用这一个矩阵',
  headsStepSplit: '② 把 {P} 切成 h = {h} 段，每段 d_k = {dk} 列',
  headsStepAttend: '③ 每个头只用自己的切片计算：权重 softmax(QᵢKᵢᵀ{scale})，输出 = 权重 · Vᵢ',
  headsStepConcat: '④ 拼接（Concat）：{h} 个头的输出重新并排',
  headsStepMix: '⑤ 混合各头：Concat · W_O = MultiHead(X)',
  headsInputNote: '（本层输入经 LayerNorm 之后）',
  headsWeightsName: 'W_{P}{tied}',
  headsTiedToQuery: '（= W_Q，在 Q/K/V 一课中绑定）',
  headsOutputWeightsName: 'W_O',
  headsMultiHeadName: 'MultiHead(X)，注意力输出',
  headsConcatName: 'Concat(head₁, …, head_{h})',
  headsHeadName: '头 {head}',
  headsWeightsCaption: '权重',
  headsHeadOutputCaption: '输出',

  headsShapeNd: 'n × d_model = {n} × {d}',
  headsShapeDd: 'd_model × d_model = {d} × {d}',
  headsShapeNdk: 'n × d_k = {n} × {dk}',
  headsShapeNn: 'n × n = {n} × {n}',
  headsShapeSplit: 'h × d_k = {h} × {dk} = d_model',
  headsShapeSlices: '每段 n × d_k = {n} × {dk}',

  headsBandHead: '头 {head}',
  headsBandColumns: '列 {from}–{to}',
  headsBandColumn: '列 {from}',

  headsLegendValue: '数值',
  headsLegendWeight: '权重',
  headsLegendMasked: '被遮蔽',

  headsHoverPrompt: '把鼠标移到 {P}、某个切片或 Concat 的某一列上：读数会告诉你这一列属于哪个头。',
  headsHoverPromptConcat: '把鼠标移到 Concat（或某个头的输出）的某一列上，看看它来自哪个头。',
  headsHoverPromptOutput: '把鼠标移到输出的某个格子上，看看 W_O 如何混合各个头。',
  headsHoverProjected: '{P} 的列 {col} 属于头 {head}：它是 {slice} 的列 {index}（头 {head} 占列 {from}–{to}）。',
  headsHoverConcat: 'Concat 的列 {col} 来自头 {head}：是该头输出的列 {index}（头 {head} 占列 {from}–{to}）。',
  headsHoverOutput:
    'MultiHead(X)[{row}, {col}] = Concat 的行 {row} · W_O 的列 {col}：对全部 {d} 列求和，所以混合了全部 {h} 个头。',
  headsHoverToken: '词元 {row}「{token}」',

  headsParams:
    '权重数：W_Q、W_K、W_V 各切成 h 段 d_model × d_k：3 × {h} × ({d} × {dk}) = {qkv} = 3 · d_model²；加上 W_O（{d} × {d} = {wo}），共 {total} = 4 · d_model²，与 h 无关。',
  headsCost:
    '乘加次数：投影 4 · n · d_model² = {projection}；打分与加权求和 2 · h · n² · d_k = {attention} = 2 · n² · d_model。两者都与 h 无关：切分不增加任何开销，只改变每个头能“看到”的内容。',
  headsTied: '此处 {tied} 复用 W_Q（在 Q/K/V 一课中绑定）：共 {count} 个不同的矩阵，{distinct} 个权重。',
};
