// The page of the designer's workbench (`flowc serve`, docs/workbench.md):
// web/workbench and web/shared, embedded like the agent desktop.
#pragma once

#include <optional>
#include <string_view>

#include "callflow/web/desktop.h"

namespace callflow::web {

/// The file served at `urlPath`: `/` is web/workbench/index.html,
/// `/assets/NAME` the file NAME of web/workbench or web/shared.
std::optional<Asset> workbenchAsset(std::string_view urlPath);

/// The page's Content-Security-Policy: the desktop's (its own scripts and
/// styles only, no inline script or style, no other origin), and frames of
/// its own origin only: the printed script is shown in a sandboxed frame.
std::string_view workbenchCsp();

} // namespace callflow::web
