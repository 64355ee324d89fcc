#pragma once
// The problems generated from the seed (spiral, moons, circles, xor, blobs, sine, linear): each
// draws `samples` samples with Gaussian jitter of standard deviation `noise`. The registry
// (core/problems.h) names them; make_problem() (core/data.h) shuffles and splits what they draw.
#include "core/data.h"
#include "core/random.h"

namespace lrlab {

Dataset generate_spiral(int n, double noise, Rng& rng);
Dataset generate_moons(int n, double noise, Rng& rng);
Dataset generate_circles(int n, double noise, Rng& rng);
Dataset generate_xor(int n, double noise, Rng& rng);
Dataset generate_blobs(int n, double noise, Rng& rng);
Dataset generate_sine(int n, double noise, Rng& rng);
Dataset generate_linear(int n, double noise, Rng& rng);

}  // namespace lrlab
