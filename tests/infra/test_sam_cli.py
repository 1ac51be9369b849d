"""The SAM CLI accepts the template and builds deployable, small artifacts for arm64 without Docker.

`sam build` runs once per module (module-scoped fixture) into a temporary directory with `--no-cached` and its own
`--cache-dir`, so the test never reads or writes the working tree's `.aws-sam/`. It downloads the layer's wheels
(aarch64) with pip, so it needs the network the first time and pip's cache afterwards.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from aichef.ingredients import BOOK_PARTS, BOOK_SOURCES
from aichef.patterns import PATTERNS_FILE
from aichef_local.packaging import NEVER_BUNDLED, forbidden_packages, zipped_size

from .support import REPO, CfnLoader

VENV_BIN = Path(sys.executable).parent
SAM = VENV_BIN / "sam"

FUNCTIONS = {"RecipeFunction": "recipe", "PriceFunction": "price", "CombineFunction": "combine"}
LAYER = "SharedLayer"
# Present in the python3.13 Lambda runtime, so code may import them without bundling them.
RUNTIME_PROVIDED = {"boto3", "botocore"}
MAX_ZIP_BYTES = 5 * 1024 * 1024
ELF_MACHINE_AARCH64 = 183
ELF_MACHINE_X86_64 = 62


def run_sam(*args: str, timeout: float) -> subprocess.CompletedProcess[str]:
    """Run the venv's `sam` from the repository root, offline telemetry, with the venv's python3.13 first on PATH."""
    env = {**os.environ, "SAM_CLI_TELEMETRY": "0", "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run(
        [str(SAM), *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def output_of(result: subprocess.CompletedProcess[str]) -> str:
    return f"exit {result.returncode}\n--- stdout ---\n{result.stdout[-4000:]}\n--- stderr ---\n{result.stderr[-4000:]}"


@pytest.fixture(scope="module")
def sam_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Path]:
    root = tmp_path_factory.mktemp("sam")
    build_dir = root / "build"
    result = run_sam(
        "build", "--no-cached", "--build-dir", str(build_dir), "--cache-dir", str(root / "cache"), timeout=600
    )
    return result, build_dir


@pytest.fixture(scope="module")
def build_dir(sam_build: tuple[subprocess.CompletedProcess[str], Path]) -> Path:
    result, build_dir = sam_build
    if result.returncode != 0:
        pytest.fail(f"sam build failed, see test_sam_build_succeeds:\n{output_of(result)}")
    return build_dir


def top_level_imports(source: Path) -> set[str]:
    """Top-level names of the absolute imports in a Python file."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source.read_text("utf-8"), filename=str(source))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def importable_names(directory: Path) -> set[str]:
    """What `import X` can find when `directory` is on sys.path (packages, modules, extension modules)."""
    names = set()
    for entry in directory.iterdir():
        if entry.is_dir() and not entry.name.endswith((".dist-info", ".data")):
            names.add(entry.name)
        elif entry.suffix in (".py", ".so"):
            names.add(entry.name.split(".")[0])
    return names


def elf_machine(path: Path) -> int:
    header = path.read_bytes()[:20]
    assert header[:4] == b"\x7fELF", f"{path} is not an ELF file"
    return int.from_bytes(header[18:20], "little")


# --- sam validate -------------------------------------------------------------------------------------------------


def test_sam_validate_lint_says_the_template_is_valid() -> None:
    result = run_sam("validate", "--lint", timeout=180)

    assert result.returncode == 0, output_of(result)
    assert "template.yaml is a valid SAM Template" in result.stdout + result.stderr, output_of(result)


def test_sam_validate_lint_accepts_the_express_variant() -> None:
    """The same template with WorkflowType defaulting to EXPRESS (sam validate takes no parameter overrides); it
    sits beside template.yaml so DefinitionUri and CodeUri resolve the same way."""
    text = (REPO / "template.yaml").read_text("utf-8")
    express = text.replace(
        "    Default: STANDARD\n    AllowedValues: [STANDARD, EXPRESS]",
        "    Default: EXPRESS\n    AllowedValues: [STANDARD, EXPRESS]",
    )
    assert express != text, "WorkflowType's default is no longer where this test expects it"
    variant = REPO / f".template-express-{os.getpid()}.yaml"
    variant.write_text(express, "utf-8")
    try:
        result = run_sam("validate", "--lint", "--template", str(variant), timeout=180)
    finally:
        variant.unlink()

    assert result.returncode == 0, output_of(result)
    assert "is a valid SAM Template" in result.stdout + result.stderr, output_of(result)


# --- sam build ----------------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_sam_build_succeeds(sam_build: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    result, build_dir = sam_build

    assert result.returncode == 0, output_of(result)
    assert "Build Succeeded" in result.stdout + result.stderr, output_of(result)
    assert (build_dir / "template.yaml").is_file()


@pytest.mark.slow
def test_build_has_one_artifact_per_function_and_the_layer(build_dir: Path) -> None:
    artifacts = {path.name for path in build_dir.iterdir() if path.is_dir()}

    assert artifacts == {*FUNCTIONS, LAYER}


@pytest.mark.slow
def test_built_template_points_each_resource_at_its_artifact(build_dir: Path) -> None:
    built = yaml.load((build_dir / "template.yaml").read_text("utf-8"), Loader=CfnLoader)  # noqa: S506
    resources = built["Resources"]

    assert {name: resources[name]["Properties"]["CodeUri"] for name in FUNCTIONS} == {name: name for name in FUNCTIONS}
    assert resources[LAYER]["Properties"]["ContentUri"] == LAYER


@pytest.mark.slow
@pytest.mark.parametrize("function", sorted(FUNCTIONS))
def test_function_artifact_is_the_handler_only(build_dir: Path, function: str) -> None:
    artifact = build_dir / function
    bundled = sorted(path.name for path in artifact.iterdir())

    assert (artifact / "app.py").is_file(), bundled
    assert forbidden_packages(artifact) == [], bundled
    # Everything else comes from the layer: the zip holds our code and the requirements file, nothing third-party.
    assert not [name for name in bundled if name.endswith((".dist-info", ".data"))], bundled


@pytest.mark.slow
def test_layer_carries_aichef_with_its_data_powertools_and_pydantic(build_dir: Path) -> None:
    python = build_dir / LAYER / "python"
    packages = importable_names(python)

    assert {"aichef", "aws_lambda_powertools", "pydantic", "pydantic_core"} <= packages, sorted(packages)
    for data in (
        *BOOK_SOURCES,
        BOOK_PARTS,
        PATTERNS_FILE,
        "prices.csv",
        "diet_words.csv",
        "diet_swaps.csv",
        "sides.csv",
    ):
        assert (python / "aichef" / "data" / data).stat().st_size > 0, data
    assert len(list((python / "aichef" / "data" / "recipes").glob("*.json"))) >= 6
    assert not packages & set(NEVER_BUNDLED), sorted(packages & set(NEVER_BUNDLED))
    assert forbidden_packages(python) == []


@pytest.mark.slow
def test_layer_native_code_is_built_for_arm64(build_dir: Path) -> None:
    """The functions run on arm64: an x86_64 pydantic_core would fail to import on the first invocation."""
    shared_objects = sorted((build_dir / LAYER / "python").rglob("*.so"))
    machines = {str(path.relative_to(build_dir)): elf_machine(path) for path in shared_objects}

    assert any("pydantic_core" in name for name in machines), sorted(machines)
    assert {name: m for name, m in machines.items() if m != ELF_MACHINE_AARCH64} == {}, (
        f"not aarch64 (x86_64 = {ELF_MACHINE_X86_64})"
    )


@pytest.mark.slow
@pytest.mark.parametrize("function", sorted(FUNCTIONS))
def test_every_import_of_a_function_is_satisfied_by_its_zip_the_layer_or_the_runtime(
    build_dir: Path, function: str
) -> None:
    layer_python = build_dir / LAYER / "python"
    available = (
        set(sys.stdlib_module_names)
        | RUNTIME_PROVIDED
        | importable_names(layer_python)
        | importable_names(build_dir / function)
    )
    sources = [build_dir / function / "app.py", *sorted((layer_python / "aichef").rglob("*.py"))]

    missing = {str(source.relative_to(build_dir)): sorted(top_level_imports(source) - available) for source in sources}

    assert {name: names for name, names in missing.items() if names} == {}


@pytest.mark.slow
def test_each_function_with_its_layer_stays_within_5_mb_zipped(build_dir: Path) -> None:
    sizes = {name: zipped_size(build_dir / name) for name in (*sorted(FUNCTIONS), LAYER)}
    report = ", ".join(f"{name} {size / 1024:.1f} KiB" for name, size in sizes.items())

    deployed = {name: sizes[name] + sizes[LAYER] for name in FUNCTIONS}
    assert all(size <= MAX_ZIP_BYTES for size in deployed.values()), f"over 5 MB zipped with the layer: {report}"
    # The functions carry only their handler; a function zip above 64 KiB means dependencies leaked into it.
    assert all(sizes[name] <= 64 * 1024 for name in FUNCTIONS), report
