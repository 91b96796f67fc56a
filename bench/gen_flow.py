#!/usr/bin/env python3
"""Generates a valid .flow file of N steps for parser/compiler benchmarks.

    python3 bench/gen_flow.py N > flow.flow

The flow has a catalog, enums, a form, variables, sections of 50 steps, and
steps with say lines (with placeholders), notes, asks, gotos, if-jumps,
sets, inputs, a create, charges/invoice/payment and ends, so every part of
the front end is exercised. Step k only jumps forward; the last step of each
section asks whether to go on to the next section or end the call (the last
section's ends it), so every step is reachable from the start and the path
analyses of `flowc check` run over the whole flow, and the flow is clean.
"""
import sys


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    out = []
    w = out.append
    w('flow bench "Generated benchmark flow – %d steps"' % n)
    w("start s0\n")
    w("catalog USD {")
    for code in range(300, 320):
        w('  %d "ITEM %d"  %d.%02d' % (code, code, 10 + code % 50, code % 100))
    w("}\n")
    w('enum Plan { basic "Basic plan"  pro "Pro plan"  managed "Managed – Services" }')
    w('enum Priority { high "1 High"  normal "2 Normal" }\n')
    w('form Ticket "Ticket" {')
    w('  title "Ticket Title" : text required')
    w('  plan "Plan" : Plan required')
    w('  priority "Priority" : Priority = normal')
    w('  asset "Asset" : text required when plan == managed')
    w('  code "Code" : text matches "[0-9]{6}"')
    w('  rule "Managed tickets are high priority" : plan != managed or priority == high')
    w("}\n")
    w('var agent "Agent name" : text auto')
    w('var customer "Customer" : text')
    w('var past_due "Past due amount" : money\n')
    per_section = 50
    for s in range(0, n, per_section):
        w('section "Section %d – Приветствие" by "Team Director" {' % (s // per_section))
        last = min(s + per_section, n) - 1
        for k in range(s, last + 1):
            w('  step s%d "Step %d" {' % (k, k))
            w('    say "Hello, my name is {agent}. This is step %d of the call."' % k)
            w('    note "Check the customer record before continuing" // step %d' % k)
            if k == last and k + 1 < n:
                w('    ask "Another section?" {')
                w('      "Yes" -> s%d' % (k + 1))
                w('      "No" { end "done with section" }')
                w("    }")
            elif k == last:
                w('    end "done with section"')
            elif k % 5 == 0:
                w('    ask "Continue with {agent}?" {')
                w('      "Yes" -> s%d' % (k + 1))
                w('      "No" { say "Понятно, спасибо." end "declined" }')
                w("    }")
            elif k % 5 == 1:
                w('    input customer "Customer name"')
                w('    if customer is set and past_due is not set -> s%d else -> s%d' % (k + 1, last))
            elif k % 5 == 2:
                w('    create Ticket { title = input "Describe the issue" plan = pro }')
                w('    set Ticket.priority = high')
                w('    goto s%d' % (k + 1))
            elif k % 5 == 3:
                w('    charge %d' % (300 + k % 20))
                w('    invoice')
                w('    say "Your total for {Ticket.title} is {invoice.total}, including {price %d}."' % (300 + k % 20))
                # A declined payment leaves the charge open (docs/language.md,
                # "Money"): going on would charge an item of the same code
                # again while it is open (W0406), so the call ends.
                w('    take payment else { end "payment declined" }')
                w('    goto s%d' % (k + 1))
            else:
                w('    say "Thank you, {customer}."')
                w('    do "Notify Remote Agent" -> past_due')
                w('    goto s%d' % (k + 1))
            w("  }")
        w("}\n")
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
