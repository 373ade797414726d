// Browser uploads to POST /api/v1/files: one XMLHttpRequest per file, sending the File object itself in a FormData
// (the browser streams it from disk; nothing is read into memory here). Progress goes to .NET at most four times a
// second per file; cancel aborts the request. The page's antiforgery token rides in the RequestVerificationToken header.

const PROGRESS_INTERVAL_MS = 250;

export function attach(zone, input, dotnet, options) {
  let settings = { ...options };
  let nextId = 0;
  let dragDepth = 0;
  const uploads = new Map();

  const hasFiles = e => e.dataTransfer && Array.from(e.dataTransfer.types || []).includes("Files");

  const onDragEnter = e => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    dragDepth++;
    zone.classList.add("ps-drop-active");
  };
  const onDragOver = e => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = "copy";
  };
  const onDragLeave = e => {
    if (!hasFiles(e)) return;
    dragDepth = Math.max(0, dragDepth - 1);
    if (dragDepth === 0) zone.classList.remove("ps-drop-active");
  };
  const onDrop = e => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    dragDepth = 0;
    zone.classList.remove("ps-drop-active");
    startAll(e.dataTransfer.files);
  };
  const onChange = () => {
    startAll(input.files);
    input.value = "";
  };
  // Leaving the page while files are on their way would cut them off: ask first.
  const onBeforeUnload = e => {
    if (uploads.size > 0) {
      e.preventDefault();
      e.returnValue = "";
    }
  };

  zone.addEventListener("dragenter", onDragEnter);
  zone.addEventListener("dragover", onDragOver);
  zone.addEventListener("dragleave", onDragLeave);
  zone.addEventListener("drop", onDrop);
  input.addEventListener("change", onChange);
  window.addEventListener("beforeunload", onBeforeUnload);
  // Tests and styles can tell when drops and picks are handled.
  zone.dataset.uploadReady = "true";

  function startAll(files) {
    for (const file of Array.from(files || [])) {
      start(file);
    }
  }

  function call(method, ...args) {
    return dotnet.invokeMethodAsync(method, ...args).catch(() => {
      // The component is gone (page left, circuit closed); nothing to tell.
    });
  }

  async function start(file) {
    const id = `upload-${++nextId}`;
    await call("OnQueued", id, file.name, file.size);
    if (settings.maxBytes > 0 && file.size > settings.maxBytes) {
      await call("OnFailed", id, `'${file.name}' is too large: the largest file this server accepts is ${settings.maxText}.`);
      return;
    }

    const xhr = new XMLHttpRequest();
    const entry = { xhr, last: 0, timer: 0, loaded: 0, total: file.size };
    uploads.set(id, entry);

    const sendProgress = () => {
      entry.timer = 0;
      entry.last = performance.now();
      call("OnProgress", id, entry.loaded, entry.total);
    };

    xhr.upload.addEventListener("progress", e => {
      entry.loaded = e.loaded;
      entry.total = e.lengthComputable ? e.total : file.size;
      const wait = PROGRESS_INTERVAL_MS - (performance.now() - entry.last);
      if (wait <= 0) {
        sendProgress();
      } else if (!entry.timer) {
        entry.timer = setTimeout(sendProgress, wait);
      }
    });
    xhr.upload.addEventListener("load", () => {
      clearTimeout(entry.timer);
      entry.timer = 0;
      call("OnSent", id);
    });

    const finish = then => {
      clearTimeout(entry.timer);
      uploads.delete(id);
      then();
    };
    xhr.addEventListener("load", () => finish(() => call("OnFinished", id, xhr.status, xhr.responseText || "")));
    xhr.addEventListener("error", () => finish(() => call("OnFailed", id, "The connection to the server was lost before the file arrived.")));
    xhr.addEventListener("timeout", () => finish(() => call("OnFailed", id, "The server did not answer in time.")));
    xhr.addEventListener("abort", () => finish(() => call("OnCancelled", id)));

    const url = new URL("/api/v1/files", document.baseURI);
    if (settings.modelId) url.searchParams.set("modelId", settings.modelId);
    xhr.open("POST", url.toString());
    xhr.setRequestHeader("Accept", "application/json");
    if (settings.token) xhr.setRequestHeader("RequestVerificationToken", settings.token);

    const form = new FormData();
    form.append("file", file, file.name);
    xhr.send(form);
  }

  return {
    configure(next) {
      settings = { ...settings, ...next };
    },
    cancel(id) {
      uploads.get(id)?.xhr.abort();
    },
    dispose() {
      zone.removeEventListener("dragenter", onDragEnter);
      zone.removeEventListener("dragover", onDragOver);
      zone.removeEventListener("dragleave", onDragLeave);
      zone.removeEventListener("drop", onDrop);
      input.removeEventListener("change", onChange);
      window.removeEventListener("beforeunload", onBeforeUnload);
      delete zone.dataset.uploadReady;
      for (const { xhr } of uploads.values()) xhr.abort();
      uploads.clear();
    },
  };
}
