// The agent desktop: the page `flowrun serve` serves at `GET /` and
// `GET /assets/...` (docs/server.md "The page"), and the outline of a flow
// that the page reads beside the events.
//
// The page's files (web/desktop/) are compiled into the library, so a
// server needs no files on disk. Flow text never becomes markup on the page
// (it is set with textContent only), and the page is sent with a CSP that
// allows nothing but the page's own files and requests to its own origin.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace callflow {
class Program;
}

namespace callflow::web {

struct Asset {
  std::string_view contentType; // "text/html; charset=utf-8", ...
  std::string_view bytes;
};

/// The file served at `urlPath` (without the query): `/` is index.html,
/// `/assets/NAME` is the file NAME of web/desktop, or else of web/shared;
/// nullopt for any other path (including `/assets/index.html` and anything
/// with `..`).
std::optional<Asset> desktopAsset(std::string_view urlPath);
/// The same for the page in web/PAGE ("desktop", "workbench").
std::optional<Asset> pageAsset(std::string_view page, std::string_view urlPath);

/// The Content-Security-Policy of the page: scripts, styles and requests
/// from its own origin only; no inline script or style, no frames, no
/// plugins, no form posts, no <base>.
std::string_view desktopCsp();

/// The headers every asset is sent with: the CSP, `Referrer-Policy:
/// no-referrer`, `X-Frame-Options: DENY`. (A host sends
/// `X-Content-Type-Options: nosniff` and a Cache-Control with every
/// response; flowrun serve's HTTP layer does: nosniff, no-store.)
std::vector<std::pair<std::string, std::string>> desktopHeaders();

/// What the page shows of a flow beside its events, as a JSON object:
///   name, title, lang ("en" or "ru": the language the compiler decided),
///   currency, start,
///   steps: {ID: {title, section, role}} (absent members for none),
///   forms: [{name, label, fields: [{name, label, type, required, when,
///          set_by_flow, auto}]}] (`required`: always; `when`: required under
///          a condition; `set_by_flow`: a statement of the flow sets it, or
///          it has a default, so the agent may never be asked for it),
///   vars: [{name, label, type, auto}],
///   enums: {NAME: [{name, label}]}.
std::string flowOutlineJson(const Program &program);

} // namespace callflow::web
