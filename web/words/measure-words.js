// The measures a sweep's recommendation can be judged on (core/experiments/sweep.h,
// SweepRecommendation.measure), in the words the page uses for them.
export const MEASURE_WORDS = { val_loss: 'validation loss', train_loss: 'training loss' };
