// A stable, readable text dump of an ast::File: one node per line,
// indented by depth, each with `@line:col` (1-based; the column counts code
// points). Used by `flowc --emit=ast` and FileCheck tests, so the format is
// deterministic: change it only together with the tests.
#pragma once

#include "ast/ast.h"

namespace llvm {
class SourceMgr;
class raw_ostream;
} // namespace llvm

namespace callflow::ast {

void dumpAst(const File &file, const llvm::SourceMgr &sm, llvm::raw_ostream &os);

} // namespace callflow::ast
