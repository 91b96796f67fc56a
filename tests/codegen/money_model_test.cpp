// The one model of money (docs/language.md, "Money"), held by the checker
// and the runtime alike. Over random paths of every sample flow and of
// generated money flows (charges, invoices, payments accepted and
// declined, re-invoicing after a decline, retry loops back to the charging
// step), each run checks:
// - every invoice holds exactly the open charges of the model (charged
//   since the last accepted payment, each once, in the order charged) and
//   its total is their sum; `take payment` asks for that total;
// - a charge of something still open bills nothing more, and happens only
//   at a `charge` where the checker warned (W0406): no item is billed twice,
//   and the runtime never meets a repeated charge the checker was silent on;
// - in a flow without errors, an invoice always has a charge open (E0404)
//   and a payment always follows an invoice after the last charge (E0405).
#include <cstdio>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "callflow/runtime.h"
#include "codegen/codegen.h"
#include "driver/compilation.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

namespace callflow {
namespace {

/// A flow compiled, with the lines (file basename, line) where the checker
/// warned W0406.
struct Compiled {
  std::vector<uint8_t> bytes;
  std::set<std::pair<std::string, unsigned>> doubleChargeLines;
  bool clean = false;
  std::string error;
};

Compiled compile(driver::Compilation &c) {
  Compiled out;
  const sema::Program *p = c.check();
  if (!p) {
    out.error = "nothing loaded";
    return out;
  }
  for (const diag::Diagnostic &d : c.diags().diagnostics()) {
    if (d.severity == diag::Severity::Error) {
      out.error = d.message;
      return out;
    }
    if (d.id != diag::DiagId::DoubleCharge) continue;
    const llvm::SourceMgr &sm = c.sourceMgr();
    unsigned buf = sm.FindBufferContainingLoc(d.range.Start);
    if (buf == 0) continue;
    out.doubleChargeLines.insert(
        {llvm::sys::path::filename(sm.getMemoryBuffer(buf)->getBufferIdentifier()).str(),
         sm.getLineAndColumn(d.range.Start, buf).first});
  }
  codegen::Result r = codegen::generate(*p, c.sourceMgr());
  if (!r) {
    out.error = r.error;
    return out;
  }
  out.bytes = std::move(r.bytes);
  out.clean = true;
  return out;
}

/// Values to try at an input with no options, until one is accepted.
std::vector<std::string> candidateValues() {
  std::vector<std::string> v = {"x", "yes", "1", "20.00", "Ann Smith", "a@b.com", "2026-12-03"};
  std::string digits;
  for (int n = 1; n <= 19; ++n) {
    digits += char('0' + n % 10);
    v.push_back(digits);
  }
  return v;
}

struct Stats {
  size_t walks = 0, charges = 0, repeated = 0, invoices = 0, payments = 0, declined = 0, percentages = 0;
};

/// One random walk through `program`; model checks as it goes.
void walk(const Program &program, const Compiled &c, std::mt19937 &rng, Stats &stats,
          const std::string &what) {
  Session s(program);
  struct Open {
    int64_t itemCode;
    uint32_t at; // an amount: its charge statement
    int64_t amount;
    std::string label;
    bool percent; // a percentage item: not in the basis of another
  };
  std::vector<Open> open;
  bool invoicedSinceCharge = false;
  static const std::vector<std::string> candidates = candidateValues();
  ++stats.walks;
  for (int events = 0; events < 400; ++events) {
    const Event &e = s.next();
    SCOPED_TRACE(what + ", event " + std::to_string(events) + " (" + eventKindName(e.kind) + ")");
    switch (e.kind) {
    case EventKind::Charge: {
      ++stats.charges;
      auto same = [&](const Open &o) {
        return e.itemCode >= 0 ? o.itemCode == e.itemCode : o.itemCode < 0 && o.at == e.codeOffset;
      };
      bool isOpen = false;
      for (const Open &o : open) isOpen |= same(o);
      EXPECT_EQ(e.alreadyOpen, isOpen);
      if (isOpen) {
        ++stats.repeated;
        const DebugEntry *loc = program.location(e.codeOffset);
        ASSERT_NE(loc, nullptr);
        const std::string file =
            llvm::sys::path::filename(std::string(program.string(loc->file))).str();
        EXPECT_TRUE(c.doubleChargeLines.count({file, loc->line}))
            << "a charge of something still open at " << file << ":" << loc->line
            << " where the checker said nothing (W0406)";
      } else {
        if (e.itemKind == bc::ItemKind::Percent) {
          // The model's percentage: of the open charges that are not
          // percentages, rounded half up to cents (docs/language.md).
          int64_t basis = 0, amount = 0;
          for (const Open &o : open)
            if (!o.percent) basis += o.amount;
          EXPECT_EQ(e.basis, basis);
          ASSERT_TRUE(bc::percentOf(basis, e.percent, amount));
          EXPECT_EQ(e.amount, amount);
          ++stats.percentages;
        }
        open.push_back({e.itemCode, e.codeOffset, e.amount, e.text, e.itemKind == bc::ItemKind::Percent});
      }
      invoicedSinceCharge = false;
      break;
    }
    case EventKind::Invoice: {
      ++stats.invoices;
      EXPECT_FALSE(open.empty()) << "an invoice with no charge open in a flow without E0404";
      ASSERT_EQ(e.lines.size(), open.size());
      int64_t total = 0;
      std::set<int64_t> items;
      for (size_t i = 0; i < open.size(); ++i) {
        EXPECT_EQ(e.lines[i].itemCode, open[i].itemCode);
        EXPECT_EQ(e.lines[i].amount, open[i].amount);
        EXPECT_EQ(e.lines[i].label, open[i].label);
        if (e.lines[i].itemCode >= 0) {
          EXPECT_TRUE(items.insert(e.lines[i].itemCode).second) << "item billed twice";
        }
        total += open[i].amount;
      }
      EXPECT_EQ(e.amount, total);
      invoicedSinceCharge = true;
      break;
    }
    case EventKind::TakePayment: {
      ++stats.payments;
      EXPECT_TRUE(invoicedSinceCharge) << "a payment with no invoice after the last charge (E0405)";
      int64_t total = 0;
      for (const Open &o : open) total += o.amount;
      EXPECT_EQ(e.amount, total);
      if (rng() % 2) {
        ASSERT_TRUE(s.acceptPayment());
        open.clear();
        invoicedSinceCharge = false;
      } else {
        ++stats.declined;
        ASSERT_TRUE(s.declinePayment()); // the charges stay open, invoiced
      }
      break;
    }
    case EventKind::Ask:
      ASSERT_FALSE(e.options.empty());
      ASSERT_TRUE(s.choose(rng() % e.options.size()));
      break;
    case EventKind::Input:
    case EventKind::Do: {
      if (!e.waiting) break;
      if (e.kind == EventKind::Do && e.optional && rng() % 2) {
        ASSERT_TRUE(s.skip());
        break;
      }
      if (e.kind == EventKind::Input && e.type.tag == bc::TypeTag::Enum) {
        ASSERT_FALSE(e.optionValues.empty());
        ASSERT_TRUE(s.choose(rng() % e.optionValues.size()));
        break;
      }
      bool given = false;
      if (!e.options.empty()) given = bool(s.provide(e.options[rng() % e.options.size()]));
      for (size_t k = 0; !given && k < candidates.size(); ++k) given = bool(s.provide(candidates[k]));
      if (!given) return; // a pattern none of the candidates matches: this walk stops here
      break;
    }
    case EventKind::Create:
      ASSERT_TRUE(rng() % 2 ? s.provide("R-" + std::to_string(events)) : s.acknowledge());
      break;
    case EventKind::Transfer:
    case EventKind::End: EXPECT_FALSE(e.failed) << e.text; return;
    default: break;
    }
  }
}

void runWalks(const Compiled &c, int walks, std::mt19937 &rng, Stats &stats, const std::string &what) {
  ASSERT_TRUE(c.clean) << what << ": " << c.error;
  Loaded l = Program::load(c.bytes);
  ASSERT_TRUE(l) << l.error.str();
  for (int i = 0; i < walks; ++i) walk(*l.program, c, rng, stats, what + ", walk " + std::to_string(i));
}

TEST(MoneyModel, RandomPathsOfEverySample) {
  std::mt19937 rng(15);
  Stats stats;
  size_t flows = 0;
  for (const auto &entry : std::filesystem::recursive_directory_iterator(CALLFLOW_SOURCE_DIR "/samples")) {
    if (entry.path().extension() != ".flow") continue;
    driver::Compilation c;
    if (!c.load(entry.path().string())) continue;
    Compiled compiled = compile(c);
    // Files that are imported by a flow, not flows of their own, have no
    // `flow` or `start`: they do not check alone.
    if (!compiled.clean) continue;
    ++flows;
    runWalks(compiled, 200, rng, stats, entry.path().string());
  }
  std::printf("samples: %zu flows, %zu walks, %zu charges (%zu repeated), %zu invoices, %zu payments (%zu declined)\n",
              flows, stats.walks, stats.charges, stats.repeated, stats.invoices, stats.payments, stats.declined);
  EXPECT_GE(flows, 3u);
  EXPECT_GT(stats.invoices, 0u);
  EXPECT_GT(stats.payments, 0u);
}

/// A random money flow: steps that say prices, charge catalog items and an
/// amount, invoice, take payment (with no `else`, `else -> STEP` or an
/// `else` block that may invoice and take payment again) and move on by
/// `ask` or `goto` (retry loops back to a charging step included). Every
/// `invoice` follows a charge in its own step and every `take payment` an
/// invoice, so most flows check without errors.
std::string genMoneyFlow(std::mt19937 &rng, int steps) {
  auto pick = [&](int n) { return int(rng() % unsigned(n)); };
  static const int codes[] = {310, 320, 330, 340, 350};
  std::ostringstream o;
  o << "flow gen \"Generated money flow\"\nstart S0\n"
    << "catalog USD {\n  310 \"ONE\" 35.00\n  320 \"TWO\" 20.00\n  330 \"THREE\" 14.99\n"
    << "  340 \"MONTHLY\" 9.99 monthly\n  350 \"SURCHARGE\" 2.5% of charges\n}\n"
    << "var fee \"Late fee\" : money = 7.50\n";
  for (int s = 0; s < steps; ++s) {
    o << "step S" << s << " {\n";
    if (pick(3) == 0) o << "  say \"That is {price " << codes[pick(5)] << "}.\"\n";
    const int charges = pick(3);
    for (int k = 0; k < charges; ++k) {
      if (pick(4) == 0) o << "  charge fee \"Late fee\"\n";
      else o << "  charge " << codes[pick(5)] << "\n";
    }
    if (charges > 0 && pick(3) != 0) {
      o << "  invoice\n";
      switch (pick(3)) {
      case 0: o << "  take payment\n"; break;
      case 1: o << "  take payment else -> S" << pick(steps) << "\n"; break;
      default:
        o << "  take payment else {\n    say \"Declined.\"\n";
        if (pick(2)) o << "    invoice\n";
        if (pick(2)) o << "    take payment\n";
        else o << "    goto S" << pick(steps) << "\n";
        o << "  }\n";
      }
    }
    if (s == steps - 1 || pick(4) == 0) {
      o << "  end\n";
    } else if (pick(2)) {
      o << "  ask \"Next?\" {\n    \"One\" -> S" << pick(steps) << "\n    \"Two\" -> S" << s + 1
        << "\n    \"Stop\" { end }\n  }\n";
    } else {
      o << "  goto S" << (pick(3) == 0 ? pick(steps) : s + 1) << "\n";
    }
    o << "}\n";
  }
  return o.str();
}

TEST(MoneyModel, RandomPathsOfGeneratedMoneyFlows) {
  std::mt19937 rng(2026);
  Stats stats;
  size_t clean = 0, warned = 0;
  for (int f = 0; f < 300; ++f) {
    const std::string src = genMoneyFlow(rng, 3 + int(rng() % 6));
    driver::Compilation c;
    ASSERT_TRUE(c.loadBuffer(llvm::MemoryBuffer::getMemBufferCopy(src, "gen.flow")));
    Compiled compiled = compile(c);
    if (!compiled.clean) continue; // e.g. a trap loop (E0203)
    ++clean;
    warned += !compiled.doubleChargeLines.empty();
    runWalks(compiled, 30, rng, stats, "generated flow " + std::to_string(f) + ":\n" + src);
    if (HasFatalFailure()) return;
  }
  std::printf("generated: %zu clean flows (%zu with W0406), %zu walks, %zu charges (%zu repeated), %zu invoices, "
              "%zu payments (%zu declined)\n",
              clean, warned, stats.walks, stats.charges, stats.repeated, stats.invoices, stats.payments, stats.declined);
  // The generator must exercise what the model is about.
  EXPECT_GE(clean, 150u);
  EXPECT_GT(warned, 20u);
  EXPECT_GT(stats.repeated, 0u);
  EXPECT_GT(stats.declined, 0u);
  EXPECT_GT(stats.invoices, 0u);
  EXPECT_GT(stats.percentages, 0u); // monthly and percentage items are generated too
}

} // namespace
} // namespace callflow
