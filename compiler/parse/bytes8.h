// Eight bytes at a time: the exact "does any byte of this word ..." tests
// the scanner's loops use to pass over runs of ordinary text (the classic
// zero-byte test, Hacker's Delight 6-1). Each is exact about "any"; which
// byte it was is found by the byte-by-byte loop that follows.
#ifndef CALLFLOW_PARSE_BYTES8_H
#define CALLFLOW_PARSE_BYTES8_H

#include <cstdint>
#include <cstring>

namespace callflow::parse::bytes8 {

inline constexpr uint64_t kOnes = 0x0101010101010101ull;
inline constexpr uint64_t kHighs = kOnes << 7;

/// The eight bytes at `p` as one word (any alignment).
inline uint64_t load(const void *p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}
/// Whether a byte of `v` is zero.
inline bool anyZero(uint64_t v) { return ((v - kOnes) & ~v & kHighs) != 0; }
/// Whether a byte of `v` is `b`.
inline bool anyIs(uint64_t v, unsigned char b) { return anyZero(v ^ (kOnes * b)); }
/// Whether a byte of `v` is below `n` (n <= 0x80).
inline bool anyBelow(uint64_t v, unsigned char n) { return ((v - kOnes * n) & ~v & kHighs) != 0; }
/// Whether a byte of `v` is 0x80 or above (not ASCII).
inline bool anyHigh(uint64_t v) { return (v & kHighs) != 0; }

} // namespace callflow::parse::bytes8

#endif
