"""`gongshi cms` and `gongshi init --cms`: admin/ generated from the schema, kept up to date, the CMS
pinned by its hash, and nothing of admin/ in the built site's listings."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT, missing_tool, run_cli

from generator.commands.cms import DECAP_SHA384, DECAP_VERSION, integrity
from generator.source.schema import NOTICE, Spec

DIST = ROOT / "node_modules" / "decap-cms" / "dist"


def config_of(site: Path) -> dict[str, Any]:
    return yaml.safe_load((site / "admin" / "config.yml").read_text("utf-8"))


def fields_of(site: Path) -> dict[str, dict[str, Any]]:
    return {f["name"]: f for f in config_of(site)["collections"][0]["fields"]}


@pytest.fixture()
def site(tmp_path: Path) -> Path:
    folder = tmp_path / "site"
    assert run_cli("init", folder, "--cms") == 0
    return folder


def test_the_repositorys_admin_is_what_the_schema_generates(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli("cms", "--site", ROOT, "--check") == 0, capsys.readouterr().err


def test_a_field_added_to_the_schema_makes_admin_stale_until_regenerated(
        site: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setitem(NOTICE.fields, "publicity_basis", Spec("date", "The date of the decision.", required=True))
    capsys.readouterr()
    assert run_cli("cms", "--site", site, "--check") == 1
    assert "config.yml: out of date; run `gongshi cms`" in capsys.readouterr().err
    assert run_cli("cms", "--site", site) == 0
    assert run_cli("cms", "--site", site, "--check") == 0
    new = fields_of(site)["publicity_basis"]
    assert new["widget"] == "datetime" and new["required"] is True and new["hint"] == "The date of the decision."


def test_every_front_matter_field_is_in_the_form_with_its_widget(site: Path) -> None:
    fields = fields_of(site)
    assert list(fields) == [*NOTICE.fields, "body"]
    for name, spec in NOTICE.fields.items():
        assert fields[name]["required"] is spec.required, name
        assert fields[name].get("hint", "") == spec.doc, name
    assert [o["value"] for o in fields["kind"]["options"]] == list(NOTICE.fields["kind"].choices)
    assert {o["label"] for o in fields["kind"]["options"]} >= {"整改进展通报", "巡察公告"}
    assert fields["kind"]["widget"] == "select" and fields["title"]["widget"] == "string"
    assert fields["summary"]["widget"] == "text"
    assert fields["issued"] | {"default": ""} == {**fields["issued"], "widget": "datetime", "format": "YYYY-MM-DD",
                                                  "time_format": False}
    disclosure = {f["name"]: f for f in fields["disclosure"]["fields"]}
    assert disclosure["start"]["widget"] == "string" and disclosure["start"]["pattern"][0].startswith("^\\d{4}")
    assert disclosure["working_days"]["widget"] == "number" and disclosure["working_days"]["value_type"] == "int"
    contact = {f["name"]: f for f in fields["contacts"]["fields"]}
    assert fields["contacts"]["widget"] == "list" and contact["kind"]["required"] is True
    assert [o["value"] for o in contact["kind"]["options"]] == ["phone", "email", "post", "web", "in-person"]
    assert contact["postcode"]["pattern"][0] == r"^\d{6}$"
    revision = {f["name"]: f for f in fields["revisions"]["fields"]}
    assert [o["label"] for o in revision["kind"]["options"]] == ["更正", "延期", "撤销", "补充"]
    attachment = {f["name"]: f for f in fields["attachments"]["fields"]}
    assert attachment["file"]["widget"] == "file"
    assert fields["related"]["widget"] == "relation" and fields["related"]["collection"] == "notices"
    assert fields["tags"]["widget"] == "list" and fields["draft"]["widget"] == "boolean"
    assert fields["body"]["widget"] == "markdown" and fields["body"]["modes"] == ["raw", "rich_text"]


def test_every_field_of_the_form_at_every_depth_has_a_chinese_label(site: Path) -> None:
    unlabelled: list[str] = []

    def walk(fields: list[dict], where: str) -> None:
        for f in fields:
            path = f"{where}{f['name']}"
            if not re.search(r"[\u4e00-\u9fff]", f["label"]):
                unlabelled.append(f"{path} ({f['label']})")
            walk(f.get("fields", []), path + ".")
            if "field" in f:
                walk([f["field"]], path + "[].")

    walk(list(fields_of(site).values()), "")
    assert not unlabelled, f"fields an editor sees by their YAML name: {unlabelled}"
    assert fields_of(site)["document_number"]["label"] == "文号"


def test_the_collection_writes_folder_notices_with_their_attachments_beside_them(site: Path) -> None:
    config = config_of(site)
    notices = config["collections"][0]
    assert notices["folder"] == "content/notices" and notices["path"] == "{{slug}}/index"
    assert notices["media_folder"] == "" and notices["public_folder"] == ""
    assert notices["format"] == "yaml-frontmatter" and notices["extension"] == "md"
    assert config["locale"] == "zh_Hans" and config["publish_mode"] == "editorial_workflow"
    assert config["backend"]["name"] == "github" and config["local_backend"] is True


def test_the_gitlab_backend_and_the_repository_come_from_site_yaml(site: Path) -> None:
    yaml_path = site / "content" / "site.yaml"
    yaml_path.write_text(yaml_path.read_text("utf-8") + "cms:\n  backend: gitlab\n  repo: 示例/notices\n"
                         "  app_id: abc123\n  branch: release\n", "utf-8")
    assert run_cli("cms", "--site", site, "--check") == 1
    assert run_cli("cms", "--site", site) == 0
    backend = config_of(site)["backend"]
    assert backend == {"name": "gitlab", "repo": "示例/notices", "branch": "release", "squash_merges": True,
                       "cms_label_prefix": "cms/", "auth_type": "pkce", "app_id": "abc123"}
    assert run_cli("check", "--content", site / "content") == 0


def test_a_bad_cms_setting_is_an_error_at_its_line(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    yaml_path = site / "content" / "site.yaml"
    yaml_path.write_text(yaml_path.read_text("utf-8") + "cms:\n  backend: gitea\n", "utf-8")
    before = (site / "admin" / "config.yml").read_bytes()
    capsys.readouterr()
    assert run_cli("cms", "--site", site) == 1
    err = capsys.readouterr().err
    assert "site.yaml:" in err and "cms.backend" in err and "allowed: github, gitlab" in err
    assert "Traceback" not in err and (site / "admin" / "config.yml").read_bytes() == before


def test_init_without_cms_writes_no_admin(tmp_path: Path) -> None:
    assert run_cli("init", tmp_path / "plain") == 0
    assert not (tmp_path / "plain" / "admin").exists()


def test_the_admin_page_loads_the_pinned_cms_with_its_integrity(site: Path) -> None:
    page = (site / "admin" / "index.html").read_text("utf-8")
    assert f'src="https://unpkg.com/decap-cms@{DECAP_VERSION}/dist/decap-cms.js"' in page
    assert f'integrity="{DECAP_SHA384}" crossorigin="anonymous"' in page
    assert 'rel="cms-config-url"' in page and '<meta name="robots" content="noindex, nofollow">' in page
    if not DIST.is_dir():
        missing_tool("node_modules/decap-cms is not installed (make node_modules/.installed)")
    package = json.loads((DIST.parent / "package.json").read_text("utf-8"))
    assert package["version"] == DECAP_VERSION
    assert integrity((DIST / "decap-cms.js").read_bytes()) == DECAP_SHA384


def test_a_self_hosted_copy_is_checked_before_it_is_used(site: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    yaml_path = site / "content" / "site.yaml"
    yaml_path.write_text(yaml_path.read_text("utf-8") + "cms:\n  script: self\n", "utf-8")
    fake = tmp_path / "dist"
    fake.mkdir()
    (fake / "decap-cms.js").write_text("alert('not decap')", "utf-8")
    capsys.readouterr()
    assert run_cli("cms", "--site", site, "--copy-from", fake) == 1
    assert "is not Decap CMS 3.16.3 (its hash differs)" in capsys.readouterr().err
    assert not (site / "admin" / "decap-cms" / "decap-cms.js").exists()
    assert run_cli("cms", "--site", site, "--check") == 1
    if not DIST.is_dir():
        missing_tool("node_modules/decap-cms is not installed (make node_modules/.installed)")
    assert run_cli("cms", "--site", site, "--copy-from", DIST) == 0
    assert run_cli("cms", "--site", site, "--check") == 0
    page = (site / "admin" / "index.html").read_text("utf-8")
    assert f'src="decap-cms/decap-cms.js" integrity="{DECAP_SHA384}"' in page
    copied = site / "admin" / "decap-cms"
    assert not list(copied.glob("*.map")) and integrity((copied / "decap-cms.js").read_bytes()) == DECAP_SHA384


def test_admin_is_in_no_sitemap_feed_or_search_index_and_the_csp_is_unchanged(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "output"
    assert run_cli("build", "--content", site / "content", "--output", out, "--now", "2026-12-01T10:00") == 0
    # The build (sitemap, feeds, the search index) never sees admin/: the workflows copy it in after.
    assert not (out / "admin").exists() and (out / "pagefind").is_dir()
    shutil.copytree(site / "admin", out / "admin")
    for path in out.rglob("*"):
        if path.is_file() and "admin" not in path.relative_to(out).parts and path.suffix in (
                ".xml", ".json", ".html", ".txt", ".csv"):
            assert b"admin/" not in path.read_bytes(), path
    assert (out / "sitemap.xml").is_file()
    index = (out / "index.html").read_text("utf-8")
    assert "script-src 'self'; style-src 'self'" in index


def test_both_workflows_publish_admin_after_the_build_and_preview_each_change(site: Path) -> None:
    workflow = yaml.safe_load((site / ".github" / "workflows" / "pages.yml").read_text("utf-8"))
    triggers = workflow.get("on", workflow.get(True))
    assert set(triggers["pull_request"]["types"]) >= {"opened", "synchronize", "closed"}
    steps = {s.get("name", ""): s for s in workflow["jobs"]["build"]["steps"]}
    assert steps["Check the content"]["run"] == "gongshi check --format github"
    build = steps["Build the site"]["run"]
    assert build.index("gongshi build") < build.index("gongshi cms --check") < build.index("cp -r admin")
    previews = steps["Build the previews of open pull requests"]["run"]
    assert "gh pr list" in previews and '--output "$GITHUB_WORKSPACE/output/preview/pr-$n"' in previews
    assert "--drafts" in previews and "gongshi build --drafts --preview " in previews  # noindex, see test_preview_build
    assert "--preview" not in build  # the published site stays indexable
    comment = workflow["jobs"]["preview"]
    assert comment["needs"] == "deploy" and comment["permissions"] == {"pull-requests": "write"}
    assert "preview/pr-${{ github.event.number }}/" in comment["steps"][0]["env"]["URL"]
    assert "head.repo.full_name == github.repository" in workflow["jobs"]["deploy"]["if"]
    pipeline = yaml.safe_load((site / ".gitlab-ci.yml").read_text("utf-8"))
    review = pipeline["review"]
    assert review["environment"]["name"] == "review/$CI_MERGE_REQUEST_IID"
    assert review["environment"]["url"].endswith("/-/jobs/$CI_JOB_ID/artifacts/public/index.html")
    assert review["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    assert any("gongshi build --drafts --preview --output public" in line for line in review["script"])
    pages = pipeline["pages"]["script"]
    assert not any("--preview" in line for line in pages)
    assert [i for i, line in enumerate(pages) if "gongshi build" in line][0] < \
        [i for i, line in enumerate(pages) if "cp -r admin public/admin" in line][0]
