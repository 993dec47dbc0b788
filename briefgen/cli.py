"""The command line (in Chinese): a thin wrapper over ``briefgen.api``."""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path

import click

from . import clickzh
from .errors import BriefgenError, OutputError
from .format.names import FIX_KINDS
from .version import __version__

clickzh.install()

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
OPTIONS = clickzh.USAGE_OPTIONS  # the usage line's "[选项]"
EXIT_INTERNAL = 3  # a bug of briefgen's, not the user's: exit codes mean one thing each

_debug = {"on": False}


def _set_debug(_ctx: click.Context, _param: click.Parameter, value: bool) -> bool:
    _debug["on"] = _debug["on"] or value
    return value


debug_option = click.option(
    "--debug", is_flag=True, expose_value=False, callback=_set_debug, help="出错时显示 Python 调用栈（供开发者排查）。"
)


def command(name: str):
    """A subcommand with the usage line in Chinese."""
    return cli.command(name, options_metavar=OPTIONS)


def docx_output(path: Path | None, what: str = "输出文件") -> Path | None:
    """An output path that ends in .docx: one without an extension gets it, another is refused."""
    if path is None:
        return None
    suffix = path.suffix
    if not suffix or not suffix[1:].isascii() or suffix[1:].isdigit():
        return path.with_name(path.name + ".docx")  # "通报" or "2024.10通报": no extension given
    if suffix.lower() != ".docx":
        raise OutputError(
            f"{what}应是 Word 文档（.docx），不能是「{suffix}」文件。", where=str(path),
            hint="请以 .docx 结尾，如 -o 通报.docx；需要 PDF 时另加 --pdf。",
        )
    return path


def echo_warnings(warnings) -> None:
    for warning in warnings:
        click.echo(f"注意：{warning}", err=True)


@click.group(context_settings=CONTEXT, options_metavar=OPTIONS, subcommand_metavar=clickzh.USAGE_COMMAND)
@click.version_option(__version__, "-V", "--version", prog_name="briefgen")
@debug_option
def cli() -> None:
    """briefgen：用数据和模板生成符合 GB/T 9704-2012《党政机关公文格式》的 Word 公文。

    \b
    常用命令：
      briefgen templates                                  列出内置模板
      briefgen init circular -o 数据.xlsx                  生成待填写的数据文件（带说明）
      briefgen render circular 数据.xlsx -o 通报.docx       用数据生成公文
      briefgen format 草稿.docx -o 通知.docx                把现成的草稿一键排成标准格式
      briefgen serve --open                               在浏览器中使用（公文工作台）
    """


@command("render")
@click.argument("template", metavar="模板")
@click.argument("data", nargs=-1, required=True, metavar="数据文件...", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", metavar="文件", type=click.Path(dir_okay=False, path_type=Path), help="输出的 .docx 文件（默认：与数据文件同名，放在当前文件夹）。")
@click.option("-f", "--force", is_flag=True, help="输出文件已存在时覆盖它（默认不覆盖）。")
@click.option("--pdf", "with_pdf", is_flag=True, help="同时用 LibreOffice 在 .docx 旁边生成同名 PDF。")
@debug_option
def render_command(template: str, data: tuple[Path, ...], output: Path | None, force: bool, with_pdf: bool) -> None:
    """用数据文件填写模板，生成 .docx 公文（先按数据说明检查数据）。

    模板是内置模板名（运行 briefgen templates 查看），或自己的模板文件夹路径。
    数据文件是 YAML、JSON、Excel（.xlsx）或 CSV 文件；可以给出多个，字段合并使用。
    """
    from .api import render_file

    output = docx_output(output) or Path(data[0].stem + ".docx")
    if with_pdf:
        from .files import check_writable

        check_writable(output.with_suffix(".pdf"), force)  # refuse before any work
    document = render_file(template, list(data), output, force=force)
    echo_warnings(document.warnings)
    click.echo(f"已生成：{output}")
    if with_pdf:
        from .docx.pdf import pdfs_beside

        (pdf,) = pdfs_beside([output], force=force)
        click.echo(f"已生成：{pdf}")


@command("batch")
@click.argument("template", metavar="模板")
@click.argument("data", nargs=-1, required=True, metavar="数据文件...", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", "out_dir", required=True, metavar="文件夹", type=click.Path(file_okay=False, path_type=Path), help="输出文件夹。")
@click.option("--each", required=True, metavar="表格", help="逐条生成所依据的表格：工作表名或数据中的列表字段，如 城市。")
@click.option("--name", default="", metavar="文件名模板", help="文件名模板，字段写在花括号中，如 \"{名称}通报.docx\"（默认：{记录名}.docx）。")
@click.option("--key", default="", metavar="字段", help="区分记录的字段（默认：数据说明中要求唯一的字段，或第一列）。")
@click.option("--number", default="", metavar="字段=起始号", help="为每份文件依次编号，如 序号=158 使发文字号从 158 号起递增。")
@click.option("--workers", default=0, metavar="进程数", type=clickzh.IntRange(min=0), help="并行进程数（默认：本机核数）。")
@click.option("--strict", is_flag=True, help="先检查全部记录，有任何一条不合格就一份也不生成。")
@click.option("-f", "--force", is_flag=True, help="覆盖输出文件夹中的同名文件。")
@click.option("--resume", is_flag=True, help="继续上次中断或修改过数据的批量生成：只生成缺少的和数据有变化的文件。")
@click.option("--combined", metavar="文件", type=click.Path(dir_okay=False, path_type=Path), help="把全部文件合成一个汇编文件（每份另起一页），便于打印。")
@click.option("--page-numbers", type=click.Choice(["per-document", "continuous"]), default="per-document", show_default=True, help="汇编的页码：每份单独从 1 编起，或全书连续编号。")
@click.option("--zip", "make_zip", is_flag=True, help="把输出打包为 输出文件夹名.zip。")
@click.option("--pdf", is_flag=True, help="同时为每份文件生成 PDF（用 LibreOffice，尽量少的调用次数）。")
@click.option("--json", "json_manifest", is_flag=True, help="另写一份 manifest.json。")
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True, help="在本机进程池中运行，或在 Dask 集群上运行（需安装 briefgen[dask]）。")
@click.option("--scheduler", default="", metavar="地址", help="Dask 调度器地址，如 tcp://10.0.0.5:8786（与 --executor dask 同用）。")
@debug_option
def batch_command(template: str, data: tuple[Path, ...], out_dir: Path, each: str, name: str, key: str, number: str,
                  workers: int, strict: bool, force: bool, resume: bool, combined: Path | None, page_numbers: str,
                  make_zip: bool, pdf: bool, json_manifest: bool, executor: str, scheduler: str) -> None:
    """按表格逐条生成公文：表格中的每条记录（如每个市州）各生成一份，写入输出文件夹。

    共用的字段（发文机关、日期等）来自“字段”表或另一个数据文件，每份文件的字段来自它那一行（及子表中属于它的行）。
    不合格的记录跳过并记入 errors.csv，其余照常生成；全部结果记入 manifest.csv。退出码：0 全部成功，1 有记录失败，2 无法开始。
    """
    from .batch.plan import BatchOptions
    from .batch.run import run_batch
    from .errors import BriefgenError

    numbering = None
    if number:
        field_name, _, start = number.partition("=")
        if not field_name or not start.strip().isdigit():
            raise BriefgenError("--number 应写作“字段=起始号”，如 序号=158。")
        numbering = (field_name.strip(), int(start))
    if executor == "dask" and not scheduler:
        raise BriefgenError("使用 --executor dask 时须用 --scheduler 给出调度器地址。")
    options = BatchOptions(
        each=each, out_dir=out_dir, name=name, key=key, number=numbering, workers=workers, strict=strict, force=force,
        resume=resume, combined=docx_output(combined, "汇编文件"), restart_page_numbers=page_numbers == "per-document", make_zip=make_zip,
        pdf=pdf, executor=executor, scheduler=scheduler, json_manifest=json_manifest,
    )
    result = run_batch(template, list(data), options)
    _print_batch_summary(result, options)
    sys.exit(1 if result.failures else 0)


FAILURES_SHOWN = 50


def _print_batch_summary(result, options) -> None:
    from .batch.manifest import ERRORS, FAILED, GENERATED, UNCHANGED

    echo = click.echo
    echo_warnings(result.warnings)
    failed_records = len({f.key for f in result.failures})
    if options.strict and result.failures:
        echo(f"有 {failed_records} 条记录不合格，按 --strict 的要求没有生成任何文件：", err=True)
    else:
        made = result.count(GENERATED)
        rate = made / result.seconds if result.seconds else 0
        echo(f"批量生成完成：共 {len(result.outcomes) + failed_records - result.count(FAILED)} 条记录。")
        echo(f"  已生成 {made}，未变 {result.count(UNCHANGED)}，失败 {failed_records}；用时 {result.seconds:.1f} 秒（每秒 {rate:.1f} 份）。")
        echo(f"  输出：{options.out_dir}（清单 manifest.csv{'，错误 ' + ERRORS if result.failures else ''}）")
        for extra in result.extra_files:
            echo(f"  另生成：{extra}") if extra.suffix != ".pdf" else None
        pdfs = [p for p in result.extra_files if p.suffix == ".pdf"]
        if pdfs:
            echo(f"  PDF：{len(pdfs)} 份")
        _print_left_alone(result)
    if result.failures:
        echo("失败的记录：", err=True)
        for failure in result.failures[:FAILURES_SHOWN]:
            where = f"{failure.where} " if failure.where else ""
            field = f"「{failure.field}」" if failure.field else ""
            echo(f"  {failure.key}：{where}{field}{failure.reason}", err=True)
        if len(result.failures) > FAILURES_SHOWN and not options.strict:
            echo(f"  ……另有 {len(result.failures) - FAILURES_SHOWN} 条，全部 {len(result.failures)} 条见 {options.out_dir / ERRORS}", err=True)


def _print_left_alone(result) -> None:
    """Documents this run did not touch although they are in the folder: corrected by hand
    since the last run, or made for records no longer in the data."""
    from .batch.manifest import EDITED

    edited = [outcome.job.file for outcome in result.outcomes if outcome.status == EDITED]
    if edited:
        click.echo(f"  未覆盖 {len(edited)} 份上次生成后被手工修改过的文件：{'、'.join(edited[:10])}{' 等' if len(edited) > 10 else ''}（如需重新生成，请加 --force）", err=True)
    if result.stale:
        click.echo(f"  数据中已没有这些文件对应的记录，文件未删除：{'、'.join(result.stale[:10])}{' 等' if len(result.stale) > 10 else ''}", err=True)


@command("diff")
@click.argument("old", metavar="旧稿", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("new", metavar="新稿", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", required=True, metavar="文件", type=click.Path(dir_okay=False, path_type=Path), help="写出的修订稿（.docx，带修订标记）。")
@click.option("--template", default="", metavar="模板", help="旧稿和新稿是数据文件：先用这个模板分别生成文档，再比较。")
@click.option("--author", default="briefgen", show_default=True, metavar="修订人", help="修订标记上的修订人。")
@click.option("--html", "html_path", metavar="文件", type=click.Path(dir_okay=False, path_type=Path), help="另写一份左右对照的 HTML 报告（不需联网）。")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出修改摘要。")
@click.option("-f", "--force", is_flag=True, help="覆盖已有的输出文件。")
@debug_option
def diff_command(old: Path, new: Path, output: Path, template: str, author: str, html_path: Path | None, as_json: bool, force: bool) -> None:
    """比较两稿公文，生成 Word 修订稿：在 Word 或 WPS 中可逐条接受或拒绝修改。

    \b
    旧稿、新稿是两稿 .docx（任何 Word 文档均可）；加 --template 时是两份数据文件。
    终端上列出各类修改的数量和改动的数字（原数字 → 新数字，附所在句子）。
    """
    import tempfile

    from .docx.redline import clean_author, paragraph_texts, redline
    from .files import atomic_write, check_writable
    from .review.report import html_report, summary_json, summary_lines

    output = docx_output(output, "修订稿")
    author, warning = clean_author(author)
    echo_warnings([warning] if warning else [])
    check_writable(output, force)
    if html_path is not None:
        check_writable(html_path, force)
    with tempfile.TemporaryDirectory(prefix="briefgen-diff-") as work:
        if template:
            from .api import render_bytes

            old_doc, new_doc = Path(work) / "old.docx", Path(work) / "new.docx"
            old_doc.write_bytes(render_bytes(template, old))
            new_doc.write_bytes(render_bytes(template, new))
        else:
            old_doc, new_doc = old, new
        content, summary = redline(old_doc, new_doc, author=author)
        atomic_write(output, content, force=force)
        if html_path is not None:
            page = html_report(paragraph_texts(old_doc), paragraph_texts(new_doc), summary, str(old), str(new))
            atomic_write(html_path, page.encode("utf-8"), force=force)
    if as_json:
        click.echo(summary_json(summary))
    else:
        for line in summary_lines(summary):
            click.echo(line)
        click.echo(f"已生成修订稿：{output}" + (f"；对照报告：{html_path}" if html_path else ""))


@command("validate")
@click.argument("template", metavar="模板")
@click.argument("data", nargs=-1, required=True, metavar="数据文件...", type=click.Path(dir_okay=False, path_type=Path))
@debug_option
def validate_command(template: str, data: tuple[Path, ...]) -> None:
    """按模板的数据说明检查数据文件，一次列出所有问题（不生成文档）。"""
    from .api import validate_data
    from .template.catalog import find_template

    info = find_template(template)
    checked = validate_data(info, list(data))
    echo_warnings(checked.warnings)
    if info.schema is None:
        click.echo("数据文件可以读取；该模板没有数据说明（schema），未做字段检查。")
    else:
        click.echo(f"数据检查通过：{'、'.join(str(path) for path in data)} 符合模板「{info.name}」的数据说明。")


@command("init")
@click.argument("template", metavar="模板")
@click.option("-o", "--output", required=True, metavar="文件", type=click.Path(dir_okay=False, path_type=Path), help="要写出的数据文件：.yaml 或 .xlsx。")
@click.option("--from", "source", metavar="数据文件", type=click.Path(dir_okay=False, path_type=Path), help="用已有的数据文件填好内容（例如把 YAML 数据转成 Excel 工作簿）。")
@click.option("-f", "--force", is_flag=True, help="输出文件已存在时覆盖它。")
@debug_option
def init_command(template: str, output: Path, source: Path | None, force: bool) -> None:
    """按模板的数据说明写出一份起始数据文件：带中文注释的 YAML，或带说明和下拉选项的 Excel 工作簿。"""
    from .api import write_starter

    write_starter(template, output, source=source, force=force)
    click.echo(f"已生成：{output}")


@command("check")
@click.argument("files", nargs=-1, required=True, metavar="文件...", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出检查结果（供其他程序读取）。")
@click.option("--render", "render", is_flag=True, help="再用 LibreOffice 排成 PDF，实测页面、行数、页码位置和实际使用的字体。")
@click.option("--kind", "kind_name", default="", metavar="文种",
              help="再按文种检查该文种的规则：request（请示）、report（报告）、notice（通知）、letter（函）、minutes（纪要），也可写中文名。不加时不检查文种规则。")
@debug_option
def check_command(files: tuple[Path, ...], as_json: bool, render: bool, kind_name: str) -> None:
    """检查 .docx 公文是否符合 GB/T 9704-2012 等标准（任何 Word 文档都可以检查）。

    \b
    加 --kind 时另查该文种的规则，如 briefgen check 请示.docx --kind 请示（文种不会自动推断）。
    退出码：0 没有错误；1 有错误；2 文件无法读取、文种不认识或无法按要求排版实测；3 briefgen 内部出错。
    每个文件单独检查：某个文件无法读取时，它单独占一行，其余文件照常报告。
    """
    from .check.kinds import find_kind
    from .check.report import run_check

    kind = find_kind(kind_name) if kind_name else None  # an unknown kind: exit 2 before any file is read
    sys.exit(run_check(list(files), as_json=as_json, render=render, debug=_debug["on"], kind=kind))


@command("format")
@click.argument("drafts", nargs=-1, required=True, metavar="草稿...", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", metavar="文件或文件夹", type=click.Path(path_type=Path),
              help="排好的 .docx；几份草稿时是输出文件夹（默认：草稿名加“-排版”，放在当前文件夹）。")
@click.option("--kind", "layout", default="文件", show_default=True, type=click.Choice(["文件", "信函", "无"]),
              help="版头：文件式（草稿有发文机关标志时排红头，否则不排）、信函格式，或“无”（不找版头，草稿开头几行按标题和正文排）。")
@click.option("--show", is_flag=True, help="只列出每一段被认作什么（标题、主送、各级标题、正文、署名……），不写文件。")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出每段的角色、每处修正和占位符（不写文件）。")
@click.option("--title-lines", type=clickzh.IntRange(min=0, max=6), metavar="行数", help="开头几段是标题（识别错时指定）。")
@click.option("--roles", "roles_file", metavar="文件", type=click.Path(dir_okay=False, path_type=Path),
              help="指定个别段落的角色：YAML 文件，每行“段号: 角色”，如 12: 署名（段号见 --show）。")
@click.option("--no-fix", "no_fix", multiple=True, metavar="类别",
              help="不做某类文字修正（可写多次）：" + "、".join(FIX_KINDS) + "。")
@click.option("--redline", "redline_path", metavar="文件", type=click.Path(dir_okay=False, path_type=Path),
              help="另写一份修订稿：排好的文档，相对草稿的每处文字修改都是修订标记，可在 Word 中逐条接受或拒绝（只用于一份草稿）。")
@click.option("-f", "--force", is_flag=True, help="输出文件已存在时覆盖它。")
@debug_option
def format_command(drafts: tuple[Path, ...], output: Path | None, layout: str, show: bool, as_json: bool, title_lines: int | None,
                   roles_file: Path | None, no_fix: tuple[str, ...], redline_path: Path | None, force: bool) -> None:
    """一键排版：把 Word、WPS、纯文本或 Markdown 草稿排成符合 GB/T 9704 的公文，并列出改动了什么。

    \b
    草稿可以是 .docx、.txt（UTF-8 或 GBK）、.md，装有 LibreOffice 时也可以是 .doc、.wps。
    草稿本身不会被修改。占位符（XX、×、* 等）不会被“修正”，而是作为错误列出。
    退出码：0 完成；1 有占位符待填写或有草稿排版失败；2 草稿无法读取；3 briefgen 内部出错。
    """
    from .format.report import result_lines, results_json, show_lines
    from .format.run import FormatOptions, disabled_fixes, format_draft, format_file, format_many, read_overrides, write_redline

    options = FormatOptions(letter=layout == "信函", head=layout != "无", disabled=disabled_fixes(no_fix), overrides=read_overrides(roles_file, title_lines))
    if show or as_json:
        results = [format_draft(path, options) for path in drafts]
        click.echo(results_json(results) if as_json else "\n".join(line for result in results for line in show_lines(result)))
        return
    if len(drafts) > 1 or (output is not None and (output.is_dir() or str(output).endswith(("/", "\\")))):
        if redline_path is not None:
            raise OutputError("--redline 只能用于一份草稿。", hint="请逐份排版并各写修订稿。")
        folder = output or Path("排版")
        outcomes = format_many(list(drafts), folder, options, force)
        for outcome in outcomes:
            click.echo("\n".join(result_lines(outcome)) if not isinstance(outcome, BriefgenError) else f"错误：{outcome}", err=isinstance(outcome, BriefgenError))
        failed = sum(isinstance(outcome, BriefgenError) for outcome in outcomes)
        click.echo(f"共 {len(drafts)} 份草稿：排好 {len(drafts) - failed} 份" + (f"，失败 {failed} 份。" if failed else "。"))
        if failed or any(outcome.placeholders for outcome in outcomes if not isinstance(outcome, BriefgenError)):
            sys.exit(1)
        return
    (draft,) = drafts
    target = docx_output(output, "排好的文档") or Path(f"{draft.stem}-排版.docx")
    if redline_path is not None:
        redline_path = docx_output(redline_path, "修订稿")
        from .files import check_writable

        check_writable(redline_path, force)  # refuse before any work
    result = format_file(draft, target, options, force)
    click.echo("\n".join(result_lines(result)))
    if redline_path is not None:
        click.echo(f"已生成修订稿：{write_redline(result, redline_path, force)}")
    if result.placeholders:
        sys.exit(1)


@command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, metavar="地址",
              help="监听的地址。默认只有本机可以访问；写 0.0.0.0 时同一网络中的其他电脑也能访问，但必须使用启动时显示的带访问口令的网址。")
@click.option("--port", default=8765, show_default=True, type=clickzh.IntRange(min=1, max=65535), metavar="端口", help="监听的端口。")
@click.option("--open", "open_browser", is_flag=True, help="启动后在浏览器中打开工作台。")
@click.option("--template", "template_folders", multiple=True, metavar="文件夹", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="另外提供的模板文件夹（可写多次），出现在“生成”和“批量”的公文种类中。")
@click.option("--max-upload", default=50, show_default=True, type=clickzh.IntRange(min=1, max=2048), metavar="MB", help="每次上传的大小上限。")
@click.option("--keep-minutes", default=60, show_default=True, type=clickzh.IntRange(min=1), metavar="分钟", help="上传的文件和生成的结果保留多久，之后自动删除。")
@debug_option
def serve_command(host: str, port: int, open_browser: bool, template_folders: tuple[Path, ...], max_upload: int, keep_minutes: int) -> None:
    """启动公文工作台：在浏览器中生成、批量生成、比较、检查和一键排版，不用命令行。"""
    from .web.serve import serve

    serve(host, port, open_browser, list(template_folders), max_upload, keep_minutes, echo=click.echo)


@command("templates")
@debug_option
def templates_command() -> None:
    """列出内置模板及其说明。"""
    from .template.catalog import list_bundled

    for info in list_bundled():
        click.echo(f"{info.name:<16}{info.description}")


class _ForgivingStream:
    """stdout/stderr that a closed reader (``| head``) cannot break: what cannot be shown is
    dropped, and the work — a batch of 5,000 documents — goes on to its end and its exit code."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text):
        try:
            return self._stream.write(text)
        except (BrokenPipeError, ValueError):  # ValueError: the stream was closed
            return len(text)

    def flush(self):
        try:
            self._stream.flush()
        except (BrokenPipeError, ValueError):
            pass

    def __getattr__(self, name):
        return getattr(self._stream, name)


def _forgive_closed_output() -> None:
    # A standard descriptor closed at start (``>&-``) would be reused by the next file opened,
    # and messages would be written into a document: /dev/null takes its place.
    for descriptor in (0, 1, 2):
        try:
            os.fstat(descriptor)
        except OSError:
            os.dup2(os.open(os.devnull, os.O_RDWR), descriptor)
    if sys.stdout is None:
        sys.stdout = open(1, "w", encoding="utf-8", closefd=False)
    if sys.stderr is None:
        sys.stderr = open(2, "w", encoding="utf-8", closefd=False)
    if not isinstance(sys.stdout, _ForgivingStream):
        sys.stdout = _ForgivingStream(sys.stdout)
    if not isinstance(sys.stderr, _ForgivingStream):
        sys.stderr = _ForgivingStream(sys.stderr)


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; errors become one Chinese message and exit code 2 (traceback with --debug)."""
    from .budget import limit_memory

    _forgive_closed_output()
    limit_memory()
    try:
        cli.main(args=argv, prog_name="briefgen", standalone_mode=False)
    except BriefgenError as exc:
        if _debug["on"]:
            traceback.print_exc()
        click.echo(f"错误：{exc}", err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("已中止。", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2)
    except KeyboardInterrupt:
        click.echo("已中止。", err=True)
        sys.exit(130)
    except Exception:  # noqa: BLE001 - the last line of defence for the user
        if _debug["on"]:
            traceback.print_exc()
        else:
            click.echo(
                "错误：briefgen 内部出错，这不是您的操作问题。请加 --debug 重新运行，并把输出发给维护者。",
                err=True,
            )
        sys.exit(EXIT_INTERNAL)
    sys.exit(0)
