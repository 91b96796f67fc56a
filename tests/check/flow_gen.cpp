// The generator behind flow_gen.h.
#include "flow_gen.h"

namespace callflow::checktest {

std::string genDiamonds(int n, bool violation, bool guards) {
  std::string s;
  s.reserve((size_t)n * 220 + 1000);
  s += "flow gen \"Generated diamonds\"\nstart S-0\n"
       "enum Interaction { customer \"Customer\" internal_employee \"Internal Employee\" "
       "anonymous \"Anonymous\" }\n"
       "form Case \"Case\" {\n"
       "  interaction \"Interaction Type\" : Interaction required\n"
       "  product \"Product\" : text required\n"
       "  alias \"Alias\" : text required when interaction == internal_employee\n"
       "}\n";
  for (int i = 0; i < n; ++i) {
    std::string k = std::to_string(i), next = std::to_string(i + 1);
    s += "step S-" + k + " { ";
    if (guards && i > 0)
      s += "if Case.interaction == internal_employee { say \"Alias {Case.alias}\" } ";
    s += "ask \"Left or right?\" { \"Left\" -> L-" + k + " \"Right\" -> R-" + k +
         " } }\n";
    s += "step L-" + k + " { say \"Left " + k + "\" set Case.interaction = customer goto S-" +
         next + " }\n";
    s += "step R-" + k + " { set Case.interaction = internal_employee ";
    if (!(violation && i == n - 1))
      s += "input Case.alias \"Alias\" ";
    s += "goto S-" + next + " }\n";
  }
  s += "step S-" + std::to_string(n) +
       " { set Case.product = \"PSS Other\" create Case { } end }\n";
  return s;
}

} // namespace callflow::checktest
