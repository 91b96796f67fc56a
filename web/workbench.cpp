// The workbench's page (workbench.h).
#include "callflow/web/workbench.h"

namespace callflow::web {

std::optional<Asset> workbenchAsset(std::string_view urlPath) { return pageAsset("workbench", urlPath); }

std::string_view workbenchCsp() {
  return "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
         "frame-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
}

} // namespace callflow::web
