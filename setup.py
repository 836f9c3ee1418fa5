"""setuptools glue: the extension modules are built by the project's CMake (python/CMakeLists.txt).

The CMake tree lives in build/python-package/cmake (ccache makes a rebuild of unchanged sources cheap);
HOPFIELD_CMAKE_ARGS adds CMake arguments, e.g. "-DHOPFIELD_NATIVE=ON".
"""

import os
import pathlib
import shlex
import shutil
import subprocess
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = pathlib.Path(__file__).resolve().parent


class CMakeBuild(build_ext):
    def run(self):
        tree = ROOT / "build" / "python-package" / "cmake"
        configure = [
            "cmake", "-S", str(ROOT), "-B", str(tree), "-G", "Ninja",
            "-DCMAKE_BUILD_TYPE=Release", "-DHOPFIELD_BUILD_TESTS=OFF", "-DHOPFIELD_PYTHON=ON",
            f"-DPython_EXECUTABLE={sys.executable}",
        ] + shlex.split(os.environ.get("HOPFIELD_CMAKE_ARGS", ""))
        subprocess.run(configure, check=True)
        jobs = str(os.cpu_count() or 2)
        subprocess.run(["cmake", "--build", str(tree), "-j", jobs], check=True)
        built = tree / "python" / "hopfield"
        target = pathlib.Path(self.build_lib) / "hopfield"
        for module in built.rglob("*.so"):  # hopfield._core, and any other compiled module beside it
            destination = target / module.relative_to(built)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(module, destination)
            if self.inplace:
                shutil.copy2(module, ROOT / "python" / "hopfield" / module.relative_to(built))


setup(
    ext_modules=[Extension("hopfield._core", sources=[])],
    cmdclass={"build_ext": CMakeBuild},
    options={"build": {"build_base": "build/python-package"}},
)
