// The sample programs of the runtime tests, built with the ProgramBuilder.
#include "sample_programs.h"

#include <gtest/gtest.h>

namespace callflow::testing {

using bc::Type;
using bc::TypeTag;

Bytes buildPaygFlow(bool compact) {
  ProgramBuilder b;
  b.setCompact(compact);
  b.setFlow("payg", "Pay As You Go");
  b.setSourceFile("payg.flow");
  const uint32_t plan = b.addEnum("Plan", {{"one_time", "0 – One Time"},
                                           {"payg", "Pay As You Go Plan"},
                                           {"managed", "4 – Managed Services Plan"}});
  const uint32_t prio = b.addEnum("Priority", {{"high", "1 High"}, {"normal", "2 Normal"}});
  const uint32_t item320 = b.addItem(320, "PAY AS YOU GO REMOTE SESSION", 2000);
  b.addItem(310, "ONE-TIME REMOTE SESSION", 3500);
  const uint32_t agent = b.addVariable({"agent", "Agent name", {TypeTag::Text, 0}, false, true});
  const uint32_t pastDue = b.addVariable({"past_due", "Past due amount", {TypeTag::Money, 0}});
  SlotSpec codeSpec{"code", "LogMeIn 6-digit code", {TypeTag::Text, 0}};
  codeSpec.pattern = "[0-9]{6}";
  const uint32_t code = b.addVariable(codeSpec);
  const uint32_t ticket = b.addForm("Ticket", "Ticket");
  const uint32_t title = b.addField(ticket, {"title", "Ticket Title", {TypeTag::Text, 0}, true});
  const uint32_t type = b.addField(ticket, {"type", "Issue Type", {TypeTag::Enum, plan}, true});
  const uint32_t tech = b.addField(ticket, {"tech", "Tech", {TypeTag::Text, 0}, true});
  const uint32_t priority = b.addField(ticket, {"priority", "Priority", {TypeTag::Enum, prio}});
  const uint32_t asset = b.addField(ticket, {"asset", "Add Asset", {TypeTag::Text, 0}});
  uint32_t e = b.beginExpr();
  b.emitPUSH_ENUM(prio, 1);
  b.endExpr();
  b.setSlotDefault(priority, e);
  e = b.beginExpr();
  b.emitPUSH_SLOT(type);
  b.emitPUSH_ENUM(plan, 2);
  b.emitEQ();
  b.endExpr();
  b.setSlotWhen(asset, e);
  e = b.beginExpr();
  b.emitPUSH_SLOT(type);
  b.emitPUSH_ENUM(plan, 0);
  b.emitNE();
  b.endExpr();
  b.addRule(ticket, "a one-time session is never a ticket", e);

  const uint32_t sec = b.addSection("Pay As You Go Member", "Team Director");
  const uint32_t s7 = b.addStep("D-2-7", "Remote Support?", sec);
  const uint32_t s8 = b.addStep("D-2-8", "Yes – Remote Support Session", sec);
  const uint32_t s9 = b.addStep("D-2-9");
  const uint32_t s10 = b.addStep("D-2-10", "No");
  b.setStart(s7);
  using TP = TextPiece;

  EXPECT_TRUE(b.beginStep(s7));
  b.setLocation("payg.flow", 10);
  b.emitSAY(b.addText({TP::lit("Hello. My name is "), TP::slot(agent), TP::lit(".")}));
  b.setLocation("payg.flow", 11);
  b.emitSAY(b.addText({TP::lit("The add-on is "), TP::price(item320), TP::lit(".")}));
  b.setLocation("payg.flow", 12);
  b.emitASK(b.addPlainText("Remote Support Session?"), 2);
  b.emitOPTION(b.addPlainText("Yes"), b.stepLabel(s8));
  b.emitOPTION(b.addPlainText("No"), b.stepLabel(s10));

  EXPECT_TRUE(b.beginStep(s8));
  b.setLocation("payg.flow", 20);
  b.emitINPUT(title, b.addPlainText("Describe the initial issue") + 1, 0);
  b.setLocation("payg.flow", 21);
  b.emitPUSH_ENUM(plan, 1);
  b.emitSET(type);
  b.setLocation("payg.flow", 22);
  b.emitINPUT(tech, b.addPlainText("Select Remote Agent") + 1, 0);
  b.setLocation("payg.flow", 23);
  b.emitCREATE(ticket);
  b.setLocation("payg.flow", 24);
  b.emitDO(b.addText({TP::lit("Notify Remote Agent. Provide ticket number "),
                      TP::formNumber(ticket)}), 0);
  b.setLocation("payg.flow", 25);
  b.emitDO_RESULT(b.addPlainText("Check for invoices 30 days past due"), 1, pastDue);
  b.setLocation("payg.flow", 26);
  Label noPastDue = b.newLabel();
  b.emitPUSH_SLOT(pastDue);
  b.emitPUSH_MONEY(0);
  b.emitGT();
  b.emitJUMP_IF_NOT(noPastDue);
  b.emitPUSH_SLOT(pastDue);
  b.emitCHARGE_AMOUNT(b.addPlainText("Past due amount"));
  EXPECT_TRUE(b.bind(noPastDue));
  b.setLocation("payg.flow", 27);
  b.emitCHARGE_ITEM(item320);
  b.setLocation("payg.flow", 28);
  b.emitINVOICE();
  b.setLocation("payg.flow", 29);
  b.emitSAY(b.addText({TP::lit("Your total is "), TP::invoiceTotal(), TP::lit(".")}));
  b.setLocation("payg.flow", 30);
  Label declined = b.newLabel();
  b.emitPAY(declined);
  b.setLocation("payg.flow", 31);
  b.emitINPUT(code, 0, 0);
  b.emitSAY(b.addText({TP::lit("Code "), TP::slot(code), TP::lit(" received.")}));
  b.emitJUMP(b.stepLabel(s9));
  EXPECT_TRUE(b.bind(declined));
  b.setLocation("payg.flow", 33);
  b.emitEND(b.addPlainText("payment declined") + 1);

  EXPECT_TRUE(b.beginStep(s9));
  b.setLocation("payg.flow", 40);
  b.emitPUSH_STR(b.addString("Remote session"));
  b.emitSET(title);
  b.setLocation("payg.flow", 41);
  b.emitTRANSFER(b.addPlainText("Remote Agent"));

  EXPECT_TRUE(b.beginStep(s10));
  b.setLocation("payg.flow", 50);
  b.emitINPUT(type, b.addPlainText("Which plan?") + 1, 2);
  b.emitALLOW(0);
  b.emitALLOW(2);
  b.setLocation("payg.flow", 51);
  b.emitCOMPLETE(ticket);
  b.setLocation("payg.flow", 52);
  b.emitEND(0);

  BuildResult r = b.serialize();
  EXPECT_TRUE(r) << r.error;
  return r.bytes;
}

Bytes buildMinimal(bool compact) {
  ProgramBuilder b;
  b.setCompact(compact);
  b.setFlow("minimal");
  const uint32_t s = b.addStep("A", "Only step");
  EXPECT_TRUE(b.beginStep(s));
  b.setLocation("minimal.flow", 3);
  b.emitSAY(b.addPlainText("Hello."));
  b.emitEND(0);
  BuildResult r = b.serialize();
  EXPECT_TRUE(r) << r.error;
  return r.bytes;
}

std::vector<Bytes> splitSections(const Bytes &file) {
  std::vector<Bytes> out;
  for (uint32_t k = 0; k < bc::kSectionCount; ++k) {
    const uint8_t *e = file.data() + bc::kHeaderSize + k * bc::kSectionEntrySize;
    uint32_t off = bc::readU32(e + 4), len = bc::readU32(e + 8);
    out.emplace_back(file.begin() + off, file.begin() + off + len);
  }
  return out;
}

static void putU32(Bytes &b, uint32_t v) {
  for (int i = 0; i < 4; ++i) b.push_back(uint8_t(v >> (8 * i)));
}

Bytes assemble(const std::vector<Bytes> &sections, uint16_t version) {
  Bytes out(bc::kMagic, bc::kMagic + 4);
  out.push_back(uint8_t(version));
  out.push_back(0);
  out.push_back(0);
  out.push_back(0);
  uint32_t at = bc::kHeaderSize + bc::kSectionCount * bc::kSectionEntrySize;
  uint32_t total = at + 4;
  for (const Bytes &s : sections) total += uint32_t(s.size());
  putU32(out, total);
  putU32(out, bc::kSectionCount);
  for (uint32_t k = 0; k < sections.size(); ++k) {
    putU32(out, k + 1);
    putU32(out, at);
    putU32(out, uint32_t(sections[k].size()));
    at += uint32_t(sections[k].size());
  }
  for (const Bytes &s : sections) out.insert(out.end(), s.begin(), s.end());
  putU32(out, bc::crc32(out.data(), out.size()));
  return out;
}

namespace {
/// Format 5's header: the end of the section table and the 12 ranges.
size_t compactLayout(const Bytes &file, std::pair<size_t, size_t> *ranges) {
  const uint8_t *p = file.data() + 7, *end = file.data() + file.size();
  uint64_t size = 0, mask = 0, len[bc::kSectionCount] = {};
  if (!bc::readVarint(p, end, size) || !bc::readVarint(p, end, mask)) return 0;
  for (uint32_t k = 0; k < bc::kSectionCount; ++k)
    if ((mask >> k) & 1 && !bc::readVarint(p, end, len[k])) return 0;
  size_t at = size_t(p - file.data());
  const size_t headerEnd = at;
  for (uint32_t k = 0; k < bc::kSectionCount; ++k) {
    if (ranges) ranges[k] = {at, at + len[k]};
    at += len[k];
  }
  return headerEnd;
}
} // namespace

std::pair<size_t, size_t> sectionRange(const Bytes &file, bc::SectionKind kind) {
  const uint32_t k = uint32_t(kind) - 1;
  if (bc::readU16(file.data() + 4) >= bc::kCompactFormat) {
    std::pair<size_t, size_t> ranges[bc::kSectionCount];
    compactLayout(file, ranges);
    return ranges[k];
  }
  const uint8_t *e = file.data() + bc::kHeaderSize + k * bc::kSectionEntrySize;
  return {bc::readU32(e + 4), bc::readU32(e + 4) + bc::readU32(e + 8)};
}

size_t headerEnd(const Bytes &file) {
  if (bc::readU16(file.data() + 4) >= bc::kCompactFormat) return compactLayout(file, nullptr);
  return bc::kHeaderSize + bc::kSectionCount * bc::kSectionEntrySize;
}

Bytes assemble5(const std::vector<Bytes> &sections, uint8_t language) {
  Bytes table, mask;
  uint64_t bits = 0, body = 0;
  for (uint32_t k = 0; k < sections.size(); ++k) {
    if (sections[k].empty()) continue;
    bits |= uint64_t(1) << k;
    bc::writeVarint(table, sections[k].size());
    body += sections[k].size();
  }
  bc::writeVarint(mask, bits);
  const uint64_t fixed = 7 + mask.size() + table.size() + body + 4;
  uint64_t total = fixed + 1;
  while (fixed + bc::varintSize(total) != total) total = fixed + bc::varintSize(total);
  Bytes out(bc::kMagic, bc::kMagic + 4);
  out.push_back(uint8_t(bc::kCompactFormat));
  out.push_back(0);
  out.push_back(language);
  bc::writeVarint(out, total);
  out.insert(out.end(), mask.begin(), mask.end());
  out.insert(out.end(), table.begin(), table.end());
  for (const Bytes &s : sections) out.insert(out.end(), s.begin(), s.end());
  putU32(out, bc::crc32(out.data(), out.size()));
  return out;
}

void fixCrc(Bytes &file) {
  uint32_t c = bc::crc32(file.data(), file.size() - 4);
  for (int i = 0; i < 4; ++i) file[file.size() - 4 + i] = uint8_t(c >> (8 * i));
}

} // namespace callflow::testing
