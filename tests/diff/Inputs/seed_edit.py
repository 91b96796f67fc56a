# The edits of seed_samples.test to anything_computers' pay_as_you_go.flow:
# D-2-7's "No" retargeted to D-2-12 and one line of D-2-7 reworded.
import sys
p = sys.argv[1] + '/anything_computers/pay_as_you_go.flow'
s = open(p, encoding='utf-8').read()
s = s.replace('      "No"  -> D-2-10\n', '      "No"  -> D-2-12\n', 1)
s = s.replace('say "You are currently one of our Pay As You Go Members."',
              'say "You are one of our valued Pay As You Go Members."', 1)
open(p, 'w', encoding='utf-8').write(s)
