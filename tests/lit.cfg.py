# lit configuration for callflow's file tests.
#
# Every .flow file under tests/ is a test. A file with RUN: lines runs them
# (FileCheck for text outputs). A file without RUN: lines is a diagnostic
# test: `flowc check --verify-diagnostics FILE` must find exactly the
# diagnostics its `expected-*` comments name. Files under Inputs/ are only
# imported by tests and are not tests themselves.
#
# Naming rule (checked here): a diagnostic test is named fail_*.flow exactly
# when it expects an error; tests/diagnostics/<CODE>.flow examples are exempt.
import os
import sys
import re

import lit.formats
import lit.Test

config.name = 'callflow'
config.suffixes = ['.flow', '.test']
config.excludes = ['Inputs', 'testdata', 'fuzz_regressions', 'CMakeLists.txt', 'lit_flowtest.py']
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.callflow_binary_dir, 'tests')

# `not` before our tools is LLVM's `not` program, not lit's built-in: the
# built-in inverts any failure, so a flowc that crashed (a sanitizer abort
# in the ASan build) would pass a `not %flowc ...` line; LLVM's `not` fails
# when the program dies of a signal. Listed before %flowc: in order.
config.substitutions.append(
    (r'(?<![\w-])not (?=%flow)', os.path.join(config.llvm_tools_dir, 'not') + ' '))
config.substitutions.append(('%flowc', config.flowc))
config.substitutions.append(('%flowrun', config.flowrun))
config.substitutions.append(('%docs', os.path.join(config.callflow_source_dir, 'docs')))
config.substitutions.append(('%python', sys.executable))
config.substitutions.append(('%samples', os.path.join(config.callflow_source_dir, 'samples')))
config.environment['PATH'] = os.pathsep.join(
    [config.llvm_tools_dir, config.environment.get('PATH', '')])
config.environment['LC_ALL'] = 'C.UTF-8'

# `REQUIRES: strace`: tests that watch system calls (journal syncs).
import shutil
if shutil.which('strace'):
    config.available_features.add('strace')

# `REQUIRES: tmpfs-mount`: a real full file system (a tiny tmpfs in a
# private mount namespace); needs root, so CI without it skips those tests.
import subprocess
import tempfile
if shutil.which('unshare'):
    with tempfile.TemporaryDirectory() as probe:
        try:
            ok = subprocess.run(['unshare', '-m', 'mount', '-t', 'tmpfs', '-o', 'size=4k', 'tmpfs', probe],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                timeout=10).returncode == 0
        except (OSError, subprocess.TimeoutExpired):
            ok = False
        if ok:
            config.available_features.add('tmpfs-mount')


import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lit_flowtest import FlowTest  # noqa: E402

config.test_format = FlowTest(execute_external=False)
