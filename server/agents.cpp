// The agents file and tokens.
#include "agents.h"

#include <fcntl.h>
#include <sys/random.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/SHA256.h"

namespace callflow::server {

namespace {
const char kHex[] = "0123456789abcdef";
std::string hex(const uint8_t *p, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += kHex[p[i] >> 4], out += kHex[p[i] & 15];
  return out;
}
bool validName(const std::string &n) {
  if (n.empty() || n.size() > 64) return false;
  for (char c : n)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-' || c == '@')) return false;
  return true;
}
} // namespace

std::string sha256Hex(const std::string &text) {
  std::array<uint8_t, 32> h =
      llvm::SHA256::hash(llvm::ArrayRef<uint8_t>(reinterpret_cast<const uint8_t *>(text.data()), text.size()));
  return hex(h.data(), h.size());
}

std::string randomHex(size_t bytes) {
  std::vector<uint8_t> buf(bytes);
  size_t got = 0;
  while (got < bytes) {
    ssize_t n = getrandom(buf.data() + got, bytes - got, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error(std::string("getrandom: ") + std::strerror(errno));
    }
    got += size_t(n);
  }
  return hex(buf.data(), buf.size());
}

bool Agents::load(const std::string &path, std::string &error) {
  std::ifstream in(path);
  if (!in) {
    error = "cannot read the agents file '" + path + "': " + std::strerror(errno);
    return false;
  }
  byHash_.clear();
  std::string line;
  unsigned n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (size_t hash = line.find('#'); hash != std::string::npos) line.resize(hash);
    std::istringstream words(line);
    std::string name, role, digest, extra;
    if (!(words >> name)) continue;
    const std::string where = path + ":" + std::to_string(n) + ": ";
    if (!(words >> role >> digest) || (words >> extra)) {
      error = where + "a line is NAME ROLE SHA256-HEX-OF-TOKEN";
      return false;
    }
    if (!validName(name)) {
      error = where + "the name '" + name + "' is not letters, digits, '.', '_', '-' or '@' (at most 64)";
      return false;
    }
    if (role != "agent" && role != "supervisor") {
      error = where + "the role is 'agent' or 'supervisor', not '" + role + "'";
      return false;
    }
    bool isHex = digest.size() == 64;
    for (char &c : digest) {
      c = char(std::tolower(static_cast<unsigned char>(c)));
      isHex &= std::isxdigit(static_cast<unsigned char>(c)) != 0;
    }
    if (!isHex) {
      error = where + "the token's hash must be 64 hex digits (SHA-256)";
      return false;
    }
    if (!byHash_.emplace(digest, Agent{name, role == "supervisor"}).second) {
      error = where + "this token's hash is already on an earlier line";
      return false;
    }
  }
  return true;
}

std::optional<Agent> Agents::find(const std::string &token) const {
  if (token.empty()) return std::nullopt;
  auto it = byHash_.find(sha256Hex(token));
  if (it == byHash_.end()) return std::nullopt;
  return it->second;
}

std::string addAgent(const std::string &path, const std::string &name, bool supervisor, std::string &error) {
  if (!validName(name)) {
    error = "the name '" + name + "' is not letters, digits, '.', '_', '-' or '@' (at most 64)";
    return "";
  }
  { // the file as it is must be good, and not have the name
    std::ifstream probe(path);
    if (probe) {
      Agents a;
      if (!a.load(path, error)) return "";
      std::string line;
      while (std::getline(probe, line)) {
        std::istringstream words(line);
        std::string first;
        if (words >> first && first == name) {
          error = "'" + name + "' is already in '" + path + "'";
          return "";
        }
      }
    }
  }
  const std::string token = randomHex(32);
  const std::string entry = name + " " + (supervisor ? "supervisor" : "agent") + " " + sha256Hex(token) + "\n";
  int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    error = "cannot write '" + path + "': " + std::strerror(errno);
    return "";
  }
  const bool ok = ::write(fd, entry.data(), entry.size()) == ssize_t(entry.size()) && ::fsync(fd) == 0;
  const int saved = errno;
  ::close(fd);
  if (!ok) {
    error = "cannot write '" + path + "': " + std::strerror(saved);
    return "";
  }
  return token;
}

} // namespace callflow::server
