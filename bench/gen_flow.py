#!/usr/bin/env python3
"""Generates a valid .flow file of N steps for parser/compiler benchmarks.

    python3 bench/gen_flow.py N > flow.flow
    python3 bench/gen_flow.py N --v2 > flow.flow   # with language v2

With --v2 the same flow also uses the constructs of language version 2:
keyed options (`"Yes" key 1`, `key "*"`), a counter (`set tries = tries +
1`, arithmetic on money), membership tests (`tries in {3, 4, 5}`,
`customer not in {...}`), a sensitive input and dates (`var due : date`,
an input of one, `years(today - birth) >= 18 and due < today + 30 days and now < 17:30`), placed so that they do not
change which steps the path analyses reach; the check time per step of v2
flows is compared with the plain ones in docs/performance.md.

The flow has a catalog, enums, a form, variables, sections of 50 steps, and
steps with say lines (with placeholders), notes, asks, gotos, if-jumps,
sets, inputs, a create, charges/invoice/payment and ends, so every part of
the front end is exercised. Step k only jumps forward; the last step of each
section asks whether to go on to the next section or end the call (the last
section's ends it), so every step is reachable from the start and the flow
is clean. The path-sensitive analyses see fewer steps: once a step's
`do ... -> past_due` has run, `if customer is set and past_due is not set`
leads to the section's last step, so about 7 of each section's 50 steps are
on feasible paths (docs/performance.md, "Language v2 constructs").
"""
import sys


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    v2 = "--v2" in sys.argv[1:]
    n = int(args[0]) if args else 1000
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
    if v2:
        w('var tries "Tries" : number = 0')
        w('var fee "Fee" : money = 0.00')
        w('var pin "PIN" : text sensitive matches "[0-9]{4}" as "4 digits"')
        w('var birth "Date of birth" : date')
        w('var due "Due date" : date = 2026-12-03\n')
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
                w('      "Yes"%s -> s%d' % (' key 1' if v2 else '', k + 1))
                w('      "No"%s { say "Понятно, спасибо." end "declined" }' % (' key 2' if v2 else ''))
                w("    }")
            elif k % 5 == 1:
                w('    input customer "Customer name"')
                if v2:
                    w('    set tries = tries + 1')
                    w('    set fee = fee + 2.50 * tries - (fee / 4)')
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
                if v2:
                    # After the `do` that sets past_due, and every way leads
                    # on to the next step: the v2 statements cost what they
                    # cost without changing which steps the path analyses
                    # reach (the plain flow's `if customer is set and
                    # past_due is not set` decides that).
                    w('    if tries in {3, 4, 5} and customer not in {"test", "demo"} -> s%d' % (k + 1))
                    w('    input pin "The caller\'s PIN"')
                    w('    input birth')
                    w('    if years(today - birth) >= 18 and due < today + 30 days and now < 17:30 -> s%d' % (k + 1))
                    w('    ask "Which line?" {')
                    w('      "Billing" key 92 -> s%d' % (k + 1))
                    w('      "Support" key "*" -> s%d' % (k + 1))
                    w('      "Other" key 3 { say "One moment." }')
                    w('    }')
                w('    goto s%d' % (k + 1))
            w("  }")
        w("}\n")
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
