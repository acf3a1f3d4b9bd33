// The smallest ‖∂p/∂z‖ the √d_k lesson's log axis shows; smaller values (and 0) sit on it.
// Its own module so the readouts (and the e2e specs that import them) need not load the
// chart code, which reads the projector state (a Svelte rune module).
export const JACOBIAN_FLOOR = 1e-30;
