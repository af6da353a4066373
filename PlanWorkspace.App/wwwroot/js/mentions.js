// @mention completion for the review panel's text fields (a comment, a reply, a suggestion's
// reason, a comment being edited): typing "@" and part of a name or address lists the people who
// may read the section; arrows and Enter (or a click) write the mention the server recognises
// (given with each person: Domain/Review/Mentions.Written).
//
// One set of listeners on the document serves every field marked data-mentions, so Blazor may
// re-render or replace the fields freely; the list lives outside Blazor's markup, under <body>.
// The field keeps focus throughout (aria-activedescendant points into the list), so typing,
// Korean composition and screen readers go on as in any text field.
const maxShown = 8;
const maxQuery = 64;
let people = [];
let labels = { list: "", found: "", none: "" };
let list = null; // the <ul role=listbox>, created on first use
let live = null; // the polite status that says how many match
let field = null; // the field the list belongs to while open
let token = null; // { start, end } of "@query" in the field's value
let shown = [];
let active = -1;
let attached = false;

/** Offers these people ({ name, email, mention }) to every mention field on the page; an empty list turns completion off. */
export function offer(candidates, texts) {
  people = (candidates ?? []).slice(0, 2000).map((p) => ({
    name: String(p.name ?? ""),
    key: String(p.name ?? "").replaceAll(" ", ""),
    email: p.email ? String(p.email) : "",
    mention: String(p.mention ?? ""),
  })).filter((p) => p.mention.length > 1);
  labels = { ...labels, ...(texts ?? {}) };
  if (!attached) {
    attached = true;
    document.addEventListener("input", follow, true);
    document.addEventListener("click", follow, true); // a click in the text moves the caret
    document.addEventListener("keydown", onKeyDown, true);
    document.addEventListener("focusout", onFocusOut, true);
    window.addEventListener("resize", place);
    document.addEventListener("scroll", place, true);
  }
  close();
}

function isMentionField(target) {
  return target instanceof HTMLElement && target.matches("textarea[data-mentions], input[data-mentions]");
}

// Typing, or a click that moves the caret: look again at what the caret ends.
function follow(event) {
  if (isMentionField(event.target)) {
    update(event.target);
  }
}

function onFocusOut(event) {
  if (event.target === field) {
    close();
  }
}

/** The "@query" that ends at the caret, when the "@" starts a word (not inside an address). */
function tokenAt(target) {
  if (target.selectionStart !== target.selectionEnd) {
    return null;
  }
  const caret = target.selectionStart ?? 0;
  const before = target.value.slice(Math.max(0, caret - maxQuery - 1), caret);
  const at = before.lastIndexOf("@");
  if (at < 0) {
    return null;
  }
  const query = before.slice(at + 1);
  if (/\s/.test(query) || query.includes("@")) {
    return null;
  }
  const start = caret - before.length + at;
  const previous = start > 0 ? target.value[start - 1] : "";
  // The server ignores an "@" after a letter or digit ("kim@a.kr" written in the text).
  if (/[A-Za-z0-9]/.test(previous)) {
    return null;
  }
  return { start, end: caret, query };
}

function matches(query) {
  const q = query.toLocaleLowerCase();
  const ranked = [];
  for (const person of people) {
    const key = person.key.toLocaleLowerCase();
    const email = person.email.toLocaleLowerCase();
    const rank = key.startsWith(q) ? 0 : email.startsWith(q) ? 1 : key.includes(q) ? 2 : -1;
    if (rank >= 0) {
      ranked.push({ person, rank });
    }
  }
  ranked.sort((a, b) => a.rank - b.rank || a.person.name.localeCompare(b.person.name, "ko"));
  return ranked.slice(0, maxShown).map((r) => r.person);
}

function update(target) {
  const found = people.length > 0 ? tokenAt(target) : null;
  if (!found) {
    close();
    return;
  }
  field = target;
  token = found;
  shown = matches(found.query);
  active = shown.length > 0 ? 0 : -1;
  render();
}

function ensureList() {
  if (list) {
    return;
  }
  list = document.createElement("ul");
  list.id = "pw-mention-list";
  list.className = "pw-mention-list";
  list.setAttribute("role", "listbox");
  list.hidden = true;
  // Keep focus (and the caret) in the field when an option is pressed.
  list.addEventListener("mousedown", (event) => event.preventDefault());
  list.addEventListener("click", (event) => {
    const option = event.target instanceof Element ? event.target.closest("[role=option]") : null;
    if (option) {
      pick(Number(option.dataset.index));
    }
  });
  live = document.createElement("div");
  live.className = "pw-visually-hidden";
  live.setAttribute("role", "status");
  live.setAttribute("aria-live", "polite");
  document.body.append(list, live);
}

function render() {
  ensureList();
  list.setAttribute("aria-label", labels.list);
  list.replaceChildren(...shown.map((person, index) => {
    const option = document.createElement("li");
    option.id = `pw-mention-option-${index}`;
    option.setAttribute("role", "option");
    option.dataset.index = String(index);
    option.className = "pw-mention-option";
    const name = document.createElement("span");
    name.className = "pw-mention-name";
    name.textContent = person.name;
    option.append(name);
    if (person.email) {
      const email = document.createElement("span");
      email.className = "pw-mention-email";
      email.textContent = person.email;
      option.append(email);
    }
    return option;
  }));
  if (shown.length === 0) {
    const empty = document.createElement("li");
    empty.className = "pw-mention-empty";
    empty.setAttribute("role", "option");
    empty.setAttribute("aria-disabled", "true");
    empty.setAttribute("aria-selected", "false");
    empty.textContent = labels.none;
    list.append(empty);
  }
  list.hidden = false;
  field.setAttribute("aria-controls", list.id);
  field.setAttribute("aria-autocomplete", "list");
  setActive(active);
  live.textContent = shown.length > 0 ? labels.found.replace("{0}", String(shown.length)) : labels.none;
  place();
}

function setActive(index) {
  active = index;
  for (const option of list.querySelectorAll(".pw-mention-option")) {
    const selected = Number(option.dataset.index) === index;
    option.setAttribute("aria-selected", String(selected));
    if (selected) {
      option.scrollIntoView({ block: "nearest" });
    }
  }
  if (index >= 0) {
    field.setAttribute("aria-activedescendant", `pw-mention-option-${index}`);
  } else {
    field.removeAttribute("aria-activedescendant");
  }
}

// Under the field, inside the window (CSSOM positioning: the CSP allows no style attributes in markup).
function place() {
  if (!list || list.hidden || !field) {
    return;
  }
  const box = field.getBoundingClientRect();
  const width = Math.min(Math.max(box.width, 220), window.innerWidth - 16);
  list.style.width = `${width}px`;
  list.style.left = `${Math.max(8, Math.min(box.left, window.innerWidth - width - 8))}px`;
  const below = window.innerHeight - box.bottom;
  const upward = below < 180 && box.top > below;
  list.style.maxHeight = `${Math.max(96, Math.min(260, (upward ? box.top : below) - 12))}px`;
  if (upward) {
    list.style.top = "";
    list.style.bottom = `${window.innerHeight - box.top + 4}px`;
  } else {
    list.style.bottom = "";
    list.style.top = `${box.bottom + 4}px`;
  }
}

function onKeyDown(event) {
  if (!list || list.hidden || event.target !== field || event.isComposing) {
    return;
  }
  const handled = () => {
    event.preventDefault();
    event.stopImmediatePropagation(); // not the field's own Enter (send) or a dialog's Escape
  };
  switch (event.key) {
    case "ArrowDown":
      if (shown.length > 0) {
        setActive((active + 1) % shown.length);
      }
      handled();
      break;
    case "ArrowUp":
      if (shown.length > 0) {
        setActive((active - 1 + shown.length) % shown.length);
      }
      handled();
      break;
    case "Enter":
    case "Tab":
      if (active >= 0) {
        handled();
        pick(active);
      } else {
        close();
      }
      break;
    case "Escape":
      handled();
      close();
      break;
    default:
      // Home/End, Left/Right and the like move the caret: look again once it moved.
      if (event.key.startsWith("Arrow") || event.key === "Home" || event.key === "End") {
        const target = field;
        setTimeout(() => update(target));
      }
  }
}

function pick(index) {
  const person = shown[index];
  if (!person || !field || !token) {
    return;
  }
  const mention = `${person.mention} `;
  const target = field;
  const room = target.maxLength > 0 ? target.maxLength - (target.value.length - (token.end - token.start)) : Infinity;
  if (mention.length > room) {
    close();
    return; // over the field's limit: leave the text as typed rather than cut the mention
  }
  target.setRangeText(mention, token.start, token.end, "end");
  close();
  // Blazor binds on these events; the programmatic change is otherwise invisible to it.
  target.dispatchEvent(new Event("input", { bubbles: true }));
  target.dispatchEvent(new Event("change", { bubbles: true }));
  target.focus();
}

function close() {
  if (field) {
    field.removeAttribute("aria-activedescendant");
    field.removeAttribute("aria-controls");
  }
  field = null;
  token = null;
  shown = [];
  active = -1;
  if (list) {
    list.hidden = true;
    list.replaceChildren();
  }
  if (live) {
    live.textContent = "";
  }
}
