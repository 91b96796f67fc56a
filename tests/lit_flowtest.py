# The lit test format of callflow's .flow file tests (see lit.cfg.py).
# It lives in a module of its own so that lit can pickle it for its worker
# processes.
import os
import re

import lit.formats
import lit.Test
import lit.TestRunner


class FlowTest(lit.formats.ShTest):
    def execute(self, test, litConfig):
        path = test.getSourcePath()
        with open(path, 'rb') as f:
            text = f.read().decode('utf-8', errors='replace')
        if 'RUN:' in text:
            return super().execute(test, litConfig)
        name = os.path.basename(path)
        in_examples = os.path.basename(os.path.dirname(path)) == 'diagnostics'
        expects_error = re.search(r'expected-error', text) is not None
        if not in_examples and name.startswith('fail_') != expects_error:
            return lit.Test.Result(
                lit.Test.FAIL,
                'naming rule: a diagnostic test is named fail_*.flow exactly when it '
                'expects an error')
        return lit.TestRunner.executeShTest(
            test, litConfig, self.execute_external, self.extra_substitutions,
            ['%flowc check --verify-diagnostics %s'])
