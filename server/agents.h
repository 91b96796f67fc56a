// Who may use the server: the agents file (--agents=FILE), one line each,
//   NAME ROLE SHA256-HEX-OF-TOKEN        (ROLE: agent or supervisor)
// with # comments and blank lines. Only tokens' hashes are kept; a request
// carries the token itself (Authorization: Bearer TOKEN).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace callflow::server {

struct Agent {
  std::string name;
  bool supervisor = false;
};

class Agents {
public:
  /// Reads `path`; false with `error` ("FILE:LINE: why") when it is bad.
  bool load(const std::string &path, std::string &error);
  /// The agent whose token this is.
  std::optional<Agent> find(const std::string &token) const;
  size_t size() const { return byHash_.size(); }

private:
  std::map<std::string, Agent> byHash_;
};

/// Lowercase hex SHA-256 of `text`.
std::string sha256Hex(const std::string &text);
/// `bytes` random bytes as lowercase hex (the kernel's random source).
std::string randomHex(size_t bytes);
/// Adds NAME with a new random token to the agents file (created when
/// missing; a name already there is refused), storing only its hash.
/// Returns the token, or "" with `error`.
std::string addAgent(const std::string &path, const std::string &name, bool supervisor, std::string &error);

} // namespace callflow::server
