// parseOneDirective: the server's "answer" field is exactly one directive of
// the answers-file language, with a clear error for anything else.
#include <gtest/gtest.h>

#include "answers.h"

namespace {

using flowrun::Directive;
using flowrun::parseOneDirective;

TEST(OneDirective, ParsesEachKind) {
  std::string error;
  auto d = parseOneDirective("choose \"Yes\"", error);
  ASSERT_TRUE(d) << error;
  EXPECT_EQ(d->kind, Directive::Kind::Choose);
  EXPECT_TRUE(d->byLabel);
  EXPECT_EQ(d->text, "Yes");
  d = parseOneDirective("choose 2", error);
  ASSERT_TRUE(d) << error;
  EXPECT_EQ(d->index, 2);
  d = parseOneDirective("provide \"Dana \\\"D\\\" Lee\"", error);
  ASSERT_TRUE(d) << error;
  EXPECT_EQ(d->kind, Directive::Kind::Provide);
  EXPECT_EQ(d->text, "Dana \"D\" Lee");
  d = parseOneDirective("number 1042\n", error); // one trailing newline is fine
  ASSERT_TRUE(d) << error;
  EXPECT_EQ(d->kind, Directive::Kind::Number);
  EXPECT_EQ(d->text, "1042");
  d = parseOneDirective("key *", error);
  ASSERT_TRUE(d) << error;
  EXPECT_EQ(d->kind, Directive::Kind::Key);
  d = parseOneDirective("set agent \"Ann\"", error);
  ASSERT_TRUE(d) << error;
  EXPECT_EQ(d->name, "agent");
  for (const char *w : {"ack", "accept", "decline", "skip", "ack # a comment"}) {
    EXPECT_TRUE(parseOneDirective(w, error)) << w << ": " << error;
  }
}

TEST(OneDirective, RefusesWithAReason) {
  std::string error;
  EXPECT_FALSE(parseOneDirective("", error));
  EXPECT_NE(error.find("empty"), std::string::npos) << error;
  EXPECT_FALSE(parseOneDirective("   # just a comment", error));
  EXPECT_NE(error.find("empty"), std::string::npos) << error;
  EXPECT_FALSE(parseOneDirective("choose 1\nchoose 2", error));
  EXPECT_NE(error.find("more than one line"), std::string::npos) << error;
  EXPECT_FALSE(parseOneDirective(std::string_view("ack\0x", 5), error));
  EXPECT_NE(error.find("NUL"), std::string::npos) << error;
  EXPECT_FALSE(parseOneDirective("chose \"Yes\"", error));
  EXPECT_NE(error.find("unknown directive 'chose'"), std::string::npos) << error;
  EXPECT_FALSE(parseOneDirective("provide \"open", error));
  EXPECT_NE(error.find("closing quote"), std::string::npos) << error;
  EXPECT_FALSE(parseOneDirective("provide", error));
  EXPECT_NE(error.find("missing"), std::string::npos) << error;
  EXPECT_FALSE(parseOneDirective("ack now", error));
  EXPECT_NE(error.find("unexpected text"), std::string::npos) << error;
  EXPECT_FALSE(parseOneDirective(std::string(flowrun::kMaxDirectiveBytes + 1, 'a'), error));
  EXPECT_NE(error.find("longer than"), std::string::npos) << error;
}

} // namespace
