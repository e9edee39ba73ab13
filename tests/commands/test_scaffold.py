"""`gongshi new` (a notice of each kind that builds as it is) and `gongshi init` (a site that builds,
with CI workflows that check before they build and install Gongshi from one place)."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml
from conftest import FIXTURES, ROOT, SAMPLE_CONTENT, run_cli, soup, tree_digest
from jsonschema import Draft202012Validator
from packaging.requirements import Requirement

from generator.commands import scaffold_site
from generator.commands.scaffold_notice import schema_reference, yaml_scalar
from generator.source.json_schema import SCHEMAS_DIR, schema_texts
from generator.source.load import load_document
from generator.source.schema import KINDS

# 2026-03-01 17:30 UTC is already 2026-03-02 in Asia/Shanghai: "today" must be the site's date.
EPOCH = "1772386200"
TODAY = "2026-03-02"
TITLES = {
    "rectification-progress": "关于市委第一巡察组反馈意见整改落实进展情况的通报",
    "inspection-announcement": "市委第二巡察组进驻公告",
    "appointment-notice": "关于拟任职干部的任前公示",
    "project-notice": "关于“城区供水管网改造”项目的公示",
    "generic": '关于"测试": #1 号公示',  # quotes, a colon and a hash: must stay the title exactly
}


def split(path: Path) -> tuple[dict[str, Any], str]:
    text = path.read_text("utf-8")
    assert text.startswith("---\n")
    front, sep, body = text[4:].partition("\n---\n")
    assert sep
    return yaml.safe_load(front), body


def front_matter(path: Path) -> dict[str, Any]:
    doc, errors = load_document(path, path.parent)
    assert doc is not None and not errors
    return doc.data


def modeline(path: Path) -> Path:
    """The schema file a file's `# yaml-language-server: $schema=…` comment points at."""
    m = re.search(r"^# yaml-language-server: \$schema=(\S+)$", path.read_text("utf-8"), re.M)
    assert m, f"{path.name} has no schema modeline"
    return (path.parent / m[1]).resolve()


def check_clean(capsys: pytest.CaptureFixture[str], content: Path) -> None:
    """`gongshi check` passes with no error and no warning."""
    capsys.readouterr()
    assert run_cli("check", "--content", content) == 0
    err = capsys.readouterr().err
    assert re.search(r"checked: 0 error\(s\), 0 warning\(s\)", err), err


@pytest.fixture()
def content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A content folder with the sample site.yaml and no notices, on a fixed "today"."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    folder = tmp_path / "site" / "content"
    folder.mkdir(parents=True)
    shutil.copy(SAMPLE_CONTENT / "site.yaml", folder / "site.yaml")
    return folder


def new(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    capsys.readouterr()
    code = run_cli("new", *args)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


# ------------------------------------------------------------------ gongshi new


@pytest.fixture(scope="module")
def every_kind(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One notice of each kind made with `gongshi new`, checked and built once."""
    root = tmp_path_factory.mktemp("new")
    content = root / "content"
    content.mkdir()
    shutil.copy(SAMPLE_CONTENT / "site.yaml", content / "site.yaml")
    shutil.copytree(SCHEMAS_DIR, root / "schemas")
    printed = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        for kind, title in TITLES.items():
            before = set((content / "notices").glob("*.md"))
            assert run_cli("new", kind, title, "--content", content) == 0
            (printed[kind],) = set((content / "notices").glob("*.md")) - before
    drafts, published = root / "drafts", root / "published"
    assert run_cli("build", "--content", content, "--output", drafts, "--drafts", "--no-search") == 0
    assert run_cli("build", "--content", content, "--output", published, "--no-search") == 0
    return {"content": content, "files": printed, "drafts": drafts, "published": published}


def test_new_writes_one_file_per_kind_named_by_date_and_kind(every_kind: dict[str, Any]) -> None:
    names = sorted(p.name for p in (every_kind["content"] / "notices").iterdir())
    assert names == sorted(f"{TODAY}-{w}.md" for w in ("rectification", "inspection", "appointment", "project",
                                                        "notice"))


@pytest.mark.parametrize("kind", KINDS)
def test_new_notice_has_the_fields_of_its_kind_with_todays_date(every_kind: dict[str, Any], kind: str) -> None:
    path = every_kind["files"][kind]
    meta, body = split(path)
    assert meta["kind"] == kind and meta["title"] == TITLES[kind]
    assert str(meta["issued"]) == TODAY and str(meta["disclosure"]["start"]) == TODAY
    assert meta["draft"] is True and meta["signature"]["by"] == meta["issuer"]
    if kind == "appointment-notice":
        assert meta["disclosure"]["working_days"] == 5 and "end" not in meta["disclosure"]
    else:
        assert str(meta["disclosure"]["end"]) == "2026-03-16"
    text = path.read_text("utf-8")
    assert text.count("  # ") >= 8, "fields carry short comments"
    assert "## 一、" in body or "| 姓名 |" in body


@pytest.mark.parametrize("kind", KINDS)
def test_new_notice_builds_as_it_is(every_kind: dict[str, Any], kind: str) -> None:
    meta, _ = split(every_kind["files"][kind])
    page = every_kind["drafts"] / "notices" / every_kind["files"][kind].stem / "index.html"
    assert page.is_file()
    doc = soup(page)
    assert doc.h1 is not None and doc.h1.get_text(strip=True) == TITLES[kind]
    assert doc.find("time", attrs={"datetime": re.compile("^" + TODAY)}) is not None
    assert not (every_kind["published"] / "notices" / every_kind["files"][kind].stem).exists(), \
        "a new notice is a draft until draft: true is deleted"


def test_new_notices_check_without_errors_or_warnings(every_kind: dict[str, Any],
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    check_clean(capsys, every_kind["content"])


def test_new_rectification_report_has_items_with_states_and_deadlines(every_kind: dict[str, Any]) -> None:
    page = soup(every_kind["drafts"] / "notices" / f"{TODAY}-rectification" / "index.html")
    items = page.select("h4.item")
    assert len(items) == 2
    assert {i.get("data-state") for i in items} == {"in-progress", "done"}


@pytest.mark.parametrize("kind", KINDS)
def test_new_notice_front_matter_validates_and_points_at_the_schema(every_kind: dict[str, Any], kind: str) -> None:
    path = every_kind["files"][kind]
    schema_file = modeline(path)
    assert schema_file == (every_kind["content"].parent / "schemas" / "notice.schema.json").resolve()
    v = Draft202012Validator(json.loads(schema_file.read_text("utf-8")),
                             format_checker=Draft202012Validator.FORMAT_CHECKER)
    assert [e.message for e in v.iter_errors(front_matter(path))] == []


def test_new_prints_the_path_and_uses_the_site_time_zone(content: Path, capsys: pytest.CaptureFixture[str],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(content.parent)
    code, out, _ = new(capsys, "generic", "关于某事项的公示")
    assert code == 0 and out.strip() == f"content/notices/{TODAY}-notice.md"
    config = content / "site.yaml"
    config.write_text(config.read_text("utf-8").replace("Asia/Shanghai", "UTC"), "utf-8")
    code, out, _ = new(capsys, "generic", "关于某事项的公示")
    assert code == 0 and out.strip() == "content/notices/2026-03-01-notice.md"


def test_default_names_are_unique_and_nothing_is_overwritten(content: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    for expected in (f"{TODAY}-notice.md", f"{TODAY}-notice-2.md", f"{TODAY}-notice-3.md"):
        code, out, _ = new(capsys, "generic", "关于某事项的公示", "--content", content)
        assert code == 0 and Path(out.strip()).name == expected
    check_clean(capsys, content)


def test_slug_option_and_a_taken_slug(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = new(capsys, "generic", "甲", "--content", content, "--slug", "2026-water-supply")
    assert code == 0 and Path(out.strip()).name == "2026-water-supply.md"
    other = content / "notices" / "other.md"
    other.write_text(other_notice("named-by-slug"), "utf-8")
    before = tree_digest(content)
    for taken in ("2026-water-supply", "named-by-slug", "other"):
        code, out, err = new(capsys, "generic", "乙", "--content", content, "--slug", taken)
        assert code == 1 and out == "" and f"`{taken}` already exists" in err
    assert tree_digest(content) == before


def test_default_name_skips_a_slug_another_notice_claims(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (content / "notices").mkdir()
    (content / "notices" / "x.md").write_text(other_notice(f"{TODAY}-notice"), "utf-8")
    code, out, _ = new(capsys, "generic", "丙", "--content", content)
    assert code == 0 and Path(out.strip()).name == f"{TODAY}-notice-2.md"
    check_clean(capsys, content)


def other_notice(slug: str) -> str:
    return (f"---\ntitle: 其他公示\nissuer: 某单位\nkind: generic\nissued: 2026-01-05\nslug: {slug}\n"
            "disclosure:\n  start: 2026-01-05\n  end: 2026-01-12\n---\n\n正文。\n")


@pytest.mark.parametrize(("kind", "suggestion"), [("rectification", "rectification-progress"),
                                                  ("appointment-notise", "appointment-notice"),
                                                  ("project", "project-notice")])
def test_unknown_kind_is_a_usage_error_with_did_you_mean(content: Path, capsys: pytest.CaptureFixture[str],
                                                         kind: str, suggestion: str) -> None:
    code, out, err = new(capsys, kind, "标题", "--content", content)
    assert code == 2 and out == ""
    assert f"unknown kind `{kind}`" in err and f"did you mean `{suggestion}`?" in err
    assert all(k in err for k in KINDS)
    assert not (content / "notices").exists()


def test_bad_slug_and_empty_title_are_usage_errors(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = new(capsys, "generic", "标题", "--content", content, "--slug", "公示-2026")
    assert code == 2 and "is not a slug" in err
    code, _, err = new(capsys, "generic", "  ", "--content", content)
    assert code == 2 and "the title is empty" in err
    assert not (content / "notices").exists()


def test_new_without_a_site_configuration(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = new(capsys, "generic", "标题", "--content", tmp_path / "nowhere")
    assert code == 1 and out == ""
    assert "site configuration not found" in err and "cannot read" in err


def test_new_with_a_broken_site_configuration(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (content / "site.yaml").write_text("title: x\ntimezone: Mars/Olympus\n", "utf-8")
    code, _, err = new(capsys, "generic", "标题", "--content", content)
    assert code == 1 and "site.yaml:2:11: error: timezone: unknown time zone" in err


def test_schema_reference_finds_the_packages_schema_in_this_repository() -> None:
    notices = SAMPLE_CONTENT / "notices"
    assert schema_reference(SAMPLE_CONTENT, notices, "notice.schema.json") == \
        "../../generator/schemas/notice.schema.json"
    assert (notices / "../../generator/schemas/notice.schema.json").resolve() == SCHEMAS_DIR / "notice.schema.json"


def test_schema_reference_is_left_out_where_there_is_none(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = new(capsys, "generic", "标题", "--content", content)
    assert code == 0 and "yaml-language-server" not in Path(out.strip()).read_text("utf-8")


@pytest.mark.parametrize("value", ["plain 标题", "a: b", "#1", "x # y", '"quoted"', "true", "2026-03-02",
                                   "back\\slash", "- dash", "[list]", "{map}", "'single'", "%percent", "@at"])
def test_yaml_scalar_reads_back_exactly(value: str) -> None:
    assert yaml.safe_load(f"k: {yaml_scalar(value)}  # comment") == {"k": value}


# ------------------------------------------------------------------ gongshi init


@pytest.fixture(scope="module")
def new_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("init") / "my-site"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        assert run_cli("init", site, "--title", "某某区公示公告") == 0
    return site


INIT_FILES = [".github/workflows/pages.yml", ".gitignore", ".gitlab-ci.yml", ".vscode/extensions.json",
              ".vscode/tasks.json", f"content/notices/{TODAY}-rectification.md", "content/site.yaml",
              "requirements.txt", "schemas/notice.schema.json", "schemas/site.schema.json"]


def test_init_writes_the_site_files(new_site: Path) -> None:
    found = sorted(p.relative_to(new_site).as_posix() for p in new_site.rglob("*") if p.is_file())
    assert found == sorted(INIT_FILES)
    assert yaml.safe_load((new_site / "content" / "site.yaml").read_text("utf-8"))["title"] == "某某区公示公告"
    meta, _ = split(new_site / "content" / "notices" / f"{TODAY}-rectification.md")
    assert "draft" not in meta, "the sample notice is published, so the first deploy shows a site"


def test_init_prints_each_file_and_the_next_steps(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    capsys.readouterr()
    assert run_cli("init", "s") == 0
    out, err = capsys.readouterr()
    assert sorted(out.split()) == sorted(f"s/{f}" for f in INIT_FILES)
    assert "gongshi check" in err and "requirements.txt" in err


def test_init_site_checks_and_builds(new_site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    check_clean(capsys, new_site / "content")
    out = tmp_path / "output"
    assert run_cli("build", "--content", new_site / "content", "--output", out, "--no-search") == 0
    index = soup(out / "index.html")
    assert index.title is not None and "某某区公示公告" in index.title.get_text()
    page = soup(out / "notices" / f"{TODAY}-rectification" / "index.html")
    assert page.h1 is not None and page.h1.get_text(strip=True) == "关于巡察整改落实进展情况的通报（示例）"


def test_init_files_point_at_the_sites_own_schema_copies(new_site: Path) -> None:
    texts = schema_texts()
    site_yaml = new_site / "content" / "site.yaml"
    notice = new_site / "content" / "notices" / f"{TODAY}-rectification.md"
    assert modeline(site_yaml) == (new_site / "schemas" / "site.schema.json").resolve()
    assert "# $schema: ../schemas/site.schema.json" in site_yaml.read_text("utf-8")  # JetBrains' form
    assert modeline(notice) == (new_site / "schemas" / "notice.schema.json").resolve()
    for name, text in texts.items():
        assert (new_site / "schemas" / name).read_text("utf-8") == text
    for path, name in ((site_yaml, "site.schema.json"), (notice, "notice.schema.json")):
        v = Draft202012Validator(json.loads(texts[name]), format_checker=Draft202012Validator.FORMAT_CHECKER)
        assert [e.message for e in v.iter_errors(front_matter(path))] == []


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "existing"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me", "utf-8")
    before = tree_digest(folder)
    capsys.readouterr()
    assert run_cli("init", folder) == 1
    out, err = capsys.readouterr()
    assert "is not empty" in err and out == "" and "Traceback" not in err
    assert tree_digest(folder) == before
    (tmp_path / "a-file").write_text("x", "utf-8")
    assert run_cli("init", tmp_path / "a-file") == 1


def test_init_accepts_an_existing_empty_folder_or_a_fresh_clone(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert run_cli("init", tmp_path / "empty") == 0
    assert (tmp_path / "empty" / "content" / "site.yaml").is_file()
    (tmp_path / "clone" / ".git").mkdir(parents=True)
    (tmp_path / "clone" / ".git" / "HEAD").write_text("ref: refs/heads/main\n", "utf-8")
    assert run_cli("init", tmp_path / "clone") == 0
    assert (tmp_path / "clone" / ".git" / "HEAD").read_text("utf-8") == "ref: refs/heads/main\n"
    assert (tmp_path / "clone" / ".github" / "workflows" / "pages.yml").is_file()


# ------------------------------------------------------------------ the CI workflows


def steps_running(commands: list[str], *needles: str) -> list[int]:
    """The index of the first command containing each needle (each must be found)."""
    found = []
    for needle in needles:
        hits = [i for i, c in enumerate(commands) if needle in c]
        assert hits, f"no step runs `{needle}`"
        found.append(hits[0])
    return found


def test_github_workflow_installs_checks_then_builds_and_deploys(new_site: Path) -> None:
    workflow = yaml.safe_load((new_site / ".github" / "workflows" / "pages.yml").read_text("utf-8"))
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert "push" in triggers and "pull_request" in triggers
    steps = workflow["jobs"]["build"]["steps"]
    commands = [s.get("run", "") for s in steps]
    install, check, build = steps_running(commands, "pip install -r requirements.txt", "gongshi check", "gongshi build")
    assert install < check < build
    upload = next(s for s in steps if str(s.get("uses", "")).startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "output" and steps.index(upload) > build
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["steps"][0]["uses"].startswith("actions/deploy-pages")
    assert deploy["environment"]["url"] == "${{ steps.deployment.outputs.page_url }}"
    assert deploy["concurrency"] == {"group": "pages", "cancel-in-progress": False} and "concurrency" not in workflow
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}


def test_gitlab_pipeline_installs_checks_then_builds_into_public(new_site: Path) -> None:
    pipeline = yaml.safe_load((new_site / ".gitlab-ci.yml").read_text("utf-8"))
    script = pipeline["pages"]["script"]
    install, check, build = steps_running(script, "pip install -r requirements.txt", "gongshi check", "gongshi build")
    assert install < check < build
    assert "--output public" in script[build] and pipeline["pages"]["artifacts"]["paths"] == ["public"]
    assert steps_running(pipeline["check"]["script"], "gongshi check")


def test_gongshi_is_installed_from_the_sites_requirements_file_only(new_site: Path) -> None:
    for name in (".github/workflows/pages.yml", ".gitlab-ci.yml"):
        text = (new_site / name).read_text("utf-8")
        assert not re.search(r"pip install [\"']?gongshi", text), f"{name} installs Gongshi by itself"
    lines = [line for line in (new_site / "requirements.txt").read_text("utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    assert len(lines) == 1
    req = Requirement(lines[0])
    assert req.name == "gongshi"
    assert "git+https://" in (new_site / "requirements.txt").read_text("utf-8"), "says how to use a git URL"


class _Dist:
    def __init__(self, direct_url: str | None) -> None:
        self.direct_url = direct_url

    def read_text(self, name: str) -> str | None:
        return self.direct_url if name == "direct_url.json" else None


@pytest.mark.parametrize(("direct_url", "expected", "installable"), [
    ('{"url": "https://example.org/gongshi.git", "vcs_info": {"vcs": "git", "commit_id": "0123abc",'
     ' "requested_revision": "v0.1.0"}}', "gongshi[fast] @ git+https://example.org/gongshi.git@0123abc", True),
    ('{"url": "https://example.org/gongshi-0.1.0.tar.gz", "archive_info": {}}',
     "gongshi[fast] @ https://example.org/gongshi-0.1.0.tar.gz", True),
    ('{"url": "file:///home/me/gongshi", "dir_info": {"editable": true}}', "gongshi[fast]==0.1.0", False),
    (None, "gongshi[fast]==0.1.0", False),
])
def test_requirement_names_where_the_running_gongshi_came_from(monkeypatch: pytest.MonkeyPatch, direct_url: str | None,
                                                               expected: str, installable: bool) -> None:
    monkeypatch.setattr(scaffold_site.importlib.metadata, "distribution", lambda name: _Dist(direct_url))
    assert scaffold_site.gongshi_requirement() == (expected, installable)
    assert Requirement(expected).name == "gongshi"


def test_vscode_task_problem_matcher_reads_every_diagnostic(new_site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tasks = json.loads((new_site / ".vscode" / "tasks.json").read_text("utf-8"))
    task = tasks["tasks"][0]
    assert task["command"] == "gongshi check"
    pattern = task["problemMatcher"]["pattern"]
    regexp = re.compile(pattern["regexp"])  # this pattern reads the same in JavaScript and Python
    capsys.readouterr()
    assert run_cli("check", "--content", FIXTURES / "broken" / "content") == 1
    err = capsys.readouterr().err
    heads = [line for line in err.splitlines() if re.search(r": (error|warning): ", line) and
             not line.startswith(("gongshi", "  "))]
    summary = re.search(r"(\d+) error\(s\), (\d+) warning\(s\)", err)
    assert summary and len(heads) == int(summary[1]) + int(summary[2]) > 5
    for line in heads:
        m = regexp.match(line)
        assert m, line
        assert (ROOT / m[pattern["file"]]).exists() or Path(m[pattern["file"]]).exists(), m[pattern["file"]]
        assert int(m[pattern["line"]]) >= 1 and m[pattern["severity"]] in ("error", "warning")
    assert json.loads((new_site / ".vscode" / "extensions.json").read_text("utf-8"))["recommendations"] == \
        ["redhat.vscode-yaml"]


def test_new_on_28_december_writes_nothing_that_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """Five working days from 28 December reach into a year the installed calendar does not cover yet:
    `new` writes no file (it would fail `check` and block the daily build) and says which year is missing."""
    from generator.notice.periods import calendar_years

    last = calendar_years()[1]
    moment = dt.datetime(last, 12, 28, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(moment.timestamp())))
    folder = tmp_path / "site" / "content"
    folder.mkdir(parents=True)
    shutil.copy(SAMPLE_CONTENT / "site.yaml", folder / "site.yaml")
    code, out, err = new(capsys, "appointment-notice", "关于王示例同志任职前的公示", "--content", folder)
    assert code == 1 and out == ""
    assert f"covers the years up to {last}, not {last + 1}" in err
    assert "would not pass `gongshi check`" in err and "`end:`" in err and "upgrade" in err
    assert list(folder.rglob("*.md")) == []
    # Any other kind (an explicit end) is written as usual, and checks clean.
    code, out, err = new(capsys, "generic", "关于示例事项的公示", "--content", folder)
    assert code == 0
    check_clean(capsys, folder)
