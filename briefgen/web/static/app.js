// 公文工作台: each page's form sent with fetch, the answer shown in the page. No library, no network.
"use strict";

const $ = (selector) => document.querySelector(selector);

function showError(error) {
  const box = $("#error");
  box.textContent = "";
  const parts = [error.where ? `${error.where}：${error.message}` : error.message, error.hint || ""];
  parts.filter(Boolean).forEach((text) => { const p = document.createElement("p"); p.textContent = text; box.appendChild(p); });
  box.hidden = false;
}

function clearError() { $("#error").hidden = true; }

async function send(url, form) {
  clearError();
  const response = await fetch(url, { method: "POST", body: form, credentials: "same-origin" });
  const answer = await response.json().catch(() => ({ error: { message: "服务器没有给出可读的回答。" } }));
  if (!response.ok || answer.error && answer.error.message) {
    showError(answer.error || { message: `请求失败（${response.status}）。` });
    return null;
  }
  return answer;
}

function fillRows(table, rows) {
  const body = table.querySelector("tbody");
  body.textContent = "";
  rows.forEach((cells) => {
    const row = body.insertRow();
    cells.forEach((cell) => {
      const td = row.insertCell();
      if (cell instanceof Node) td.appendChild(cell); else td.textContent = cell ?? "";
    });
  });
}

function link(selector, url) {
  const a = $(selector);
  a.href = url || "#";
  a.hidden = !url;
}

function showPages(container, pages, note) {
  container.textContent = note || "";
  pages.forEach((url, index) => {
    const img = document.createElement("img");
    img.src = url;
    img.alt = `第 ${index + 1} 页`;
    img.className = "page";
    container.appendChild(img);
  });
}

function busy(button, on) {
  button.disabled = on;
  button.classList.toggle("working", on);
}

// 生成 ------------------------------------------------------------------------------------
function setupGenerate() {
  const kind = $("#kind");
  const starters = () => {
    $("#starter-xlsx").href = `/api/starter?kind=${encodeURIComponent(kind.value)}&format=xlsx`;
    $("#starter-yaml").href = `/api/starter?kind=${encodeURIComponent(kind.value)}&format=yaml`;
  };
  kind.addEventListener("change", starters);
  starters();
  const form = () => { const data = new FormData(); data.append("kind", kind.value); data.append("data", $("#data").files[0] || new Blob()); return data; };
  const problems = (list) => {
    $("#problems-box").hidden = !list.length;
    fillRows($("#problems"), list.map((item) => [item.where, item.message]));
  };
  $("#data").addEventListener("change", async () => {
    $("#result").hidden = true;
    const answer = await send("/api/validate", form());
    if (answer) problems(answer.problems);
  });
  $("#generate-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    busy($("#generate"), true); $("#busy").hidden = false;
    const answer = await send("/api/generate", form());
    busy($("#generate"), false); $("#busy").hidden = true;
    if (!answer) return;
    problems(answer.problems);
    $("#result").hidden = !answer.ok;
    if (answer.ok) {
      link("#download-docx", answer.docx); link("#download-pdf", answer.pdf);
      showPages($("#preview"), answer.pages, answer.note);
    }
  });
}

// 批量 ------------------------------------------------------------------------------------
function setupBatch() {
  let job = "";
  $("#data").addEventListener("change", async () => {
    const data = new FormData();
    data.append("data", $("#data").files[0] || new Blob());
    const answer = await send("/api/tables", data);
    const each = $("#each");
    each.textContent = "";
    if (!answer) return;
    job = answer.job;
    answer.tables.forEach((table) => each.add(new Option(`${table.name}（${table.rows} 条）`, table.name)));
  });
  $("#batch-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData($("#batch-form"));
    data.delete("data");
    data.append("job", job);
    busy($("#start"), true);
    const answer = await send("/api/batch", data);
    if (!answer) { busy($("#start"), false); return; }
    $("#running").hidden = false; $("#result").hidden = true;
    poll(answer.job);
  });
  async function poll(id) {
    const response = await fetch(`/api/jobs/${id}`, { credentials: "same-origin" });
    const status = await response.json();
    const progress = $("#progress");
    progress.max = Math.max(status.total, 1); progress.value = status.done;
    $("#progress-text").textContent = `${status.done} / ${status.total}`;
    if (status.state === "running") { setTimeout(() => poll(id), 400); return; }
    busy($("#start"), false);
    if (status.state === "failed") { showError(status.error); return; }
    const result = status.result;
    progress.value = progress.max;
    $("#progress-text").textContent = `完成：${result.documents.length} 份，用时 ${result.seconds} 秒`;
    $("#result").hidden = false;
    link("#download-zip", result.files.zip); link("#download-volume", result.files.volume); link("#download-errors", result.files.errors);
    const failures = $("#failures");
    failures.hidden = !result.failures.length;
    fillRows(failures, result.failures.map((item) => [item.record, item.where, item.field, item.message]));
    const list = $("#documents");
    list.textContent = "";
    result.documents.forEach((documentItem) => {
      const a = document.createElement("a"); a.href = documentItem.url; a.textContent = documentItem.name;
      const li = document.createElement("li"); li.appendChild(a); list.appendChild(li);
    });
  }
}

// 比较 ------------------------------------------------------------------------------------
function setupCompare() {
  $("#compare-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    busy($("#compare"), true);
    const answer = await send("/api/compare", new FormData($("#compare-form")));
    busy($("#compare"), false);
    if (!answer) return;
    $("#result").hidden = false;
    link("#download-redline", answer.redline);
    fillRows($("#figures"), answer.figures.map((item) => [item.old, item.new, item.context]));
    $("#report").src = answer.report;
  });
}

// 检查 ------------------------------------------------------------------------------------
function marked(text, part) {
  const span = document.createElement("span");
  const at = part ? text.indexOf(part) : -1;
  if (at < 0) { span.textContent = text; return span; }
  span.append(text.slice(0, at));
  const mark = document.createElement("mark"); mark.textContent = part; span.append(mark);
  span.append(text.slice(at + part.length));
  return span;
}

function setupCheck() {
  $("#check-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData($("#check-form"));
    busy($("#check"), true);
    const answer = await send("/api/check", data);
    busy($("#check"), false);
    if (!answer) return;
    $("#result").hidden = false;
    $("#summary").textContent = answer.errors || answer.warnings
      ? `错误 ${answer.errors} 项，警告 ${answer.warnings} 项` + (answer.rendered === "是" ? `（已排版实测 ${answer.pages} 页）` : "")
      : "符合所检查的各项要求。";
    fillRows($("#findings"), answer.findings.map((item) => [
      item.severity === "error" ? "错误" : "警告", item.rule, item.clause, item.count > 1 ? `${item.where}等 ${item.count} 处` : item.where,
      item.expected, item.actual, marked(item.excerpt || "", item.actual),
    ]));
  });
}

// 排版 ------------------------------------------------------------------------------------
function setupFormat() {
  $("#format-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    busy($("#format"), true);
    const answer = await send("/api/format", new FormData($("#format-form")));
    busy($("#format"), false);
    if (!answer) return;
    $("#result").hidden = false;
    link("#download-docx", answer.docx); link("#download-redline", answer.redline);
    fillRows($("#fixes"), answer.fixes.map((fix) => [fix.where, fix.before, fix.after]));
    const placeholders = $("#placeholders");
    placeholders.hidden = !answer.placeholders.length;
    placeholders.textContent = answer.placeholders.map((item) => `${item.where}有待填写的占位符：“${item.text}”`).join("\n");
    showPages($("#preview"), answer.pages, answer.note);
  });
}

const SETUP = { generate: setupGenerate, batch: setupBatch, compare: setupCompare, check: setupCheck, format: setupFormat };
document.addEventListener("DOMContentLoaded", () => { const setup = SETUP[document.body.dataset.page]; if (setup) setup(); });
