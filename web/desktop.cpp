// The embedded files of the agent desktop and the headers they are sent
// with (desktop.h).
#include "callflow/web/desktop.h"

#include <cstddef>

namespace callflow::web {
namespace detail {
struct EmbeddedFile {
  const char *name;
  const unsigned char *data;
  size_t size;
};
extern const EmbeddedFile kDesktopFiles[];
extern const size_t kDesktopFileCount;
} // namespace detail

namespace {

std::string_view contentTypeOf(std::string_view name) {
  auto ends = [&](std::string_view suffix) {
    return name.size() >= suffix.size() && name.substr(name.size() - suffix.size()) == suffix;
  };
  if (ends(".html")) return "text/html; charset=utf-8";
  if (ends(".js")) return "text/javascript; charset=utf-8";
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".svg")) return "image/svg+xml";
  if (ends(".png")) return "image/png";
  return "application/octet-stream";
}

std::optional<Asset> file(std::string_view dir, std::string_view name) {
  for (size_t i = 0; i < detail::kDesktopFileCount; ++i) {
    const detail::EmbeddedFile &f = detail::kDesktopFiles[i];
    std::string_view full(f.name);
    if (full.size() == dir.size() + 1 + name.size() && full.substr(0, dir.size()) == dir &&
        full[dir.size()] == '/' && full.substr(dir.size() + 1) == name)
      return Asset{contentTypeOf(name), std::string_view(reinterpret_cast<const char *>(f.data), f.size)};
  }
  return std::nullopt;
}

} // namespace

std::optional<Asset> pageAsset(std::string_view page, std::string_view urlPath) {
  if (urlPath == "/") return file(page, "index.html");
  constexpr std::string_view prefix = "/assets/";
  if (urlPath.substr(0, prefix.size()) != prefix) return std::nullopt;
  const std::string_view name = urlPath.substr(prefix.size());
  if (name.empty() || name == "index.html" || name.find('/') != std::string_view::npos) return std::nullopt;
  if (std::optional<Asset> own = file(page, name)) return own;
  return file("shared", name);
}

std::optional<Asset> desktopAsset(std::string_view urlPath) { return pageAsset("desktop", urlPath); }

std::string_view desktopCsp() {
  return "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
         "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
}

std::vector<std::pair<std::string, std::string>> desktopHeaders() {
  return {{"Content-Security-Policy", std::string(desktopCsp())},
          {"Referrer-Policy", "no-referrer"},
          {"X-Frame-Options", "DENY"}};
}

} // namespace callflow::web
