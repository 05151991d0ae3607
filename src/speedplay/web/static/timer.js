// speedplay's interval timer in the browser: the same rules as the terminal timer. A timed
// step ends by itself after a 3-2-1 countdown; a distance or open step when the runner presses
// "Lap / skip". Beeps through Web Audio, each step spoken through SpeechSynthesis, the screen
// kept awake (Wake Lock) while it runs. Everything it needs is in the page: it runs offline.
(function () {
  "use strict";
  const root = document.getElementById("timer");
  const source = document.getElementById("timer-data");
  if (!root || !source) return;
  const plan = JSON.parse(source.textContent);
  const steps = plan.steps;
  const hideNext = root.dataset.hideNext === "true";
  const $ = (id) => document.getElementById(id);
  const clock = () => performance.now() / 1000;

  let index = -1;
  let stepStarted = 0;
  let pausedAt = null;
  let counted = new Set();
  let finished = false;
  let ticker = null;
  let audio = null;
  let wakeLock = null;

  function beep(frequency, seconds) {
    if (!audio) return;
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0.25, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + seconds);
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start();
    oscillator.stop(audio.currentTime + seconds);
  }

  function say(text) {
    if (!$("timer-voice").checked || !("speechSynthesis" in window)) return;
    window.speechSynthesis.cancel();
    window.speechSynthesis.speak(new SpeechSynthesisUtterance(text));
  }

  async function keepAwake() {
    try {
      if ("wakeLock" in navigator && document.visibilityState === "visible") {
        wakeLock = await navigator.wakeLock.request("screen");
      }
    } catch (error) {
      wakeLock = null; // refused (battery saver): the timer runs all the same
    }
  }

  function left() {
    const step = steps[index];
    if (!step || step.seconds === null) return null;
    const now = pausedAt !== null ? pausedAt : clock();
    return step.seconds - (now - stepStarted);
  }

  function enter(next, started) {
    if (next >= steps.length) {
      finished = true;
      index = steps.length;
      clearInterval(ticker);
      beep(660, 0.8);
      say("workout complete, well done");
      if (wakeLock) wakeLock.release();
      render();
      return;
    }
    index = next;
    stepStarted = started === undefined ? clock() : started;
    counted = new Set();
    beep(steps[index].hard ? 1320 : 740, 0.35);
    say(steps[index].say);
    render();
  }

  function tick() {
    if (finished || pausedAt !== null || index < 0) return;
    const remaining = left();
    if (remaining !== null) {
      for (let second = plan.countdown; second >= 1; second--) {
        if (remaining <= second && !counted.has(second) && steps[index].seconds > second) {
          counted.add(second);
          beep(880, 0.12);
          say(String(second));
        }
      }
      if (remaining <= 0) {
        enter(index + 1, clock() + remaining);
        return;
      }
    }
    render();
  }

  function shown(seconds) {
    const whole = Math.max(0, Math.ceil(seconds));
    const minutes = Math.floor(whole / 60);
    return `${minutes}:${String(whole % 60).padStart(2, "0")}`;
  }

  function render() {
    const step = finished ? null : steps[index];
    root.classList.toggle("hard", Boolean(step && step.hard));
    root.classList.toggle("paused", pausedAt !== null);
    $("timer-status").textContent = finished
      ? "Finished"
      : `Step ${index + 1} of ${steps.length}${pausedAt !== null ? ", paused" : ""}`;
    if (!step) {
      $("timer-label").textContent = finished ? "Done, well run" : "Ready";
      $("timer-clock").textContent = "0:00";
      for (const id of ["timer-rep", "timer-goal", "timer-cue", "timer-next"]) $(id).textContent = "";
      $("timer-pause").disabled = $("timer-skip").disabled = true;
      return;
    }
    const remaining = left();
    const now = pausedAt !== null ? pausedAt : clock();
    $("timer-label").textContent = step.label;
    $("timer-rep").textContent = step.rep;
    $("timer-clock").textContent =
      remaining !== null ? shown(remaining) : `${step.length} · ${shown(now - stepStarted)}`;
    $("timer-goal").textContent = step.goal;
    $("timer-cue").textContent = step.cue;
    const following = steps[index + 1];
    $("timer-next").textContent = !following
      ? "Last step"
      : hideNext
        ? "Next: wait for it"
        : `Next: ${following.label} ${following.length}${following.goal ? ", " + following.goal : ""}`;
    $("timer-pause").textContent = pausedAt !== null ? "Resume" : "Pause";
  }

  function start() {
    const Context = window.AudioContext || window.webkitAudioContext;
    audio = Context ? new Context() : null; // created on a tap: browsers allow sound then
    keepAwake();
    finished = false;
    pausedAt = null;
    $("timer-start").disabled = true;
    $("timer-pause").disabled = $("timer-skip").disabled = false;
    enter(0);
    ticker = setInterval(tick, 100);
  }

  function togglePause() {
    if (finished || index < 0) return;
    const now = clock();
    if (pausedAt === null) {
      pausedAt = now;
      say("paused");
    } else {
      stepStarted += now - pausedAt;
      pausedAt = null;
      say("go");
    }
    render();
  }

  function lap() {
    if (finished || index < 0) return;
    pausedAt = null;
    enter(index + 1);
  }

  $("timer-start").addEventListener("click", start);
  $("timer-pause").addEventListener("click", togglePause);
  $("timer-skip").addEventListener("click", lap);
  document.addEventListener("keydown", (event) => {
    if (event.target instanceof HTMLInputElement || index < 0) return;
    if (event.key === " ") { event.preventDefault(); togglePause(); }
    if (event.key === "Enter" || event.key === "l") { event.preventDefault(); lap(); }
  });
  document.addEventListener("visibilitychange", () => {
    if (!finished && index >= 0 && document.visibilityState === "visible") keepAwake();
  });
  $("timer-status").textContent = `Step 0 of ${steps.length}`;
})();
