#pragma once
// Our own deterministic sampling on a fixed generator (xoshiro256**, seeded by SplitMix64).
// std::*_distribution and std::shuffle differ between libstdc++ and libc++, so the page (wasm)
// and the native CLI would otherwise draw different data and weights from the same seed.
#include <cstdint>
#include <vector>

namespace lrlab {

// Independent streams from one user seed: the data, the initial weights and the epoch shuffles
// each draw from their own generator, so changing the batch size does not change the data.
enum SeedStream : std::uint64_t { kDataStream = 0, kInitStream = 1, kShuffleStream = 2 };
std::uint64_t derive_seed(std::uint64_t seed, std::uint64_t stream);

class Rng {
 public:
  explicit Rng(std::uint64_t seed);

  std::uint64_t next_u64();
  double uniform();                    // [0, 1), 53 random bits
  double uniform(double low, double high);
  double normal();                     // standard normal, Marsaglia polar method
  double normal(double mean, double stddev) { return mean + stddev * normal(); }
  std::uint64_t below(std::uint64_t n);  // uniform integer in [0, n), unbiased (rejection)

  template <typename T>
  void shuffle(std::vector<T>& items) {  // Fisher-Yates, from the back
    for (std::size_t i = items.size(); i > 1; --i) {
      std::size_t j = static_cast<std::size_t>(below(i));
      T tmp = items[i - 1];
      items[i - 1] = items[j];
      items[j] = tmp;
    }
  }

 private:
  std::uint64_t s_[4];
  bool has_spare_ = false;
  double spare_ = 0;
};

}  // namespace lrlab
