/* briefdeck deck runtime: one slide at a time, keyboard/click/touch navigation,
   slide number in the URL hash, progress, fullscreen, speaker notes, and a
   presenter window (P) kept in step with the audience window. No network. */
(function () {
  'use strict'
  var slides = Array.prototype.slice.call(document.querySelectorAll('.bd-deck > .marpit > svg[data-marpit-svg]'))
  if (slides.length === 0) return
  function readJson(id, fallback) {
    var element = document.getElementById(id)
    try {
      return element ? JSON.parse(element.textContent || '') : fallback
    } catch (error) {
      return fallback
    }
  }
  var notes = readJson('bd-speaker-notes', [])
  // The words this script writes, in the brief's language; numbers through Intl.
  var labels = readJson('bd-labels', {})
  var rtl = (labels.dir || document.documentElement.dir) === 'rtl'
  var numbers = null
  try {
    numbers = new Intl.NumberFormat(labels.lang || document.documentElement.lang || undefined)
  } catch (error) {
    numbers = null
  }
  function number(value) {
    return numbers ? numbers.format(value) : String(value)
  }
  function fill(pattern, fallback, values) {
    return String(pattern || fallback).replace(/\{(\w+)\}/g, function (match, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? number(values[name]) : match
    })
  }
  var panel = document.getElementById('bd-notes')
  var position = document.querySelector('.bd-position')
  var progress = document.querySelector('.bd-progress-bar')
  var clock = document.querySelector('.bd-clock')
  var presenter = /[?&]presenter(?:=|&|$)/.test(window.location.search)
  // The other window: the presenter view for the audience window, and the audience window for the presenter view.
  var peer = presenter ? window.opener : null
  var current = -1

  function fromHash() {
    var match = /^#(\d+)$/.exec(window.location.hash)
    var number = match ? parseInt(match[1], 10) : 1
    return Math.min(Math.max(number, 1), slides.length) - 1
  }

  function tell(index) {
    if (peer && !peer.closed) peer.postMessage({briefdeck: 'goto', index: index}, '*')
  }

  function show(index, fromPeer) {
    index = Math.min(Math.max(index, 0), slides.length - 1)
    if (index === current) return
    current = index
    slides.forEach(function (slide, i) {
      slide.classList.toggle('bd-current', i === index)
      slide.classList.toggle('bd-next', presenter && i === index + 1)
      if (!printing()) slide.setAttribute('aria-hidden', i === index ? 'false' : 'true')
    })
    if (position) position.textContent = fill(labels.slidePosition, '{number} / {total}', {number: index + 1, total: slides.length})
    if (progress) progress.style.width = ((index + 1) / slides.length) * 100 + '%'
    if (!fromPeer) tell(index)
    if (panel) {
      panel.querySelector('.bd-notes-slide').textContent = fill(labels.notesOfSlide, '({number})', {number: index + 1})
      panel.querySelector('.bd-notes-text').textContent = notes[index] || labels.noNotes || ''
    }
    var hash = '#' + (index + 1)
    if (window.location.hash !== hash) history.replaceState(null, '', hash)
    document.dispatchEvent(new CustomEvent('bd:slide', {detail: {index: index, total: slides.length}}))
  }

  // On paper (and in a PDF) every slide is shown, so none is hidden from assistive technology or the PDF's tags.
  var print = window.matchMedia ? window.matchMedia('print') : null
  function printing() {
    return !!(print && print.matches)
  }
  function forPaper(on) {
    slides.forEach(function (slide, i) {
      if (on) slide.removeAttribute('aria-hidden')
      else slide.setAttribute('aria-hidden', i === current ? 'false' : 'true')
    })
  }
  if (print && print.addEventListener) print.addEventListener('change', function () { forPaper(printing()) })
  window.addEventListener('beforeprint', function () { forPaper(true) })
  window.addEventListener('afterprint', function () { forPaper(printing()) })

  function go(delta) {
    show(current + delta)
  }

  function toggleFullscreen() {
    if (document.fullscreenElement) document.exitFullscreen()
    else if (document.documentElement.requestFullscreen) document.documentElement.requestFullscreen()
  }

  function openPresenter() {
    if (presenter) return
    if (peer && !peer.closed) {
      peer.focus()
      return
    }
    var url = window.location.href.split('#')[0].split('?')[0] + '?presenter#' + (current + 1)
    peer = window.open(url, 'briefdeck-presenter', 'width=1280,height=800')
  }

  window.addEventListener('message', function (event) {
    var data = event.data
    if (!peer || event.source !== peer || !data || data.briefdeck !== 'goto' || typeof data.index !== 'number') return
    show(data.index, true)
  })

  function toggleNotes() {
    if (panel) panel.hidden = !panel.hidden
    document.body.classList.toggle('bd-with-notes', panel && !panel.hidden)
  }

  document.addEventListener('keydown', function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return
    switch (event.key) {
      case 'ArrowRight':
      case 'ArrowLeft':
        // Right to left, the next slide is to the left.
        go((event.key === 'ArrowRight') !== rtl ? 1 : -1)
        break
      case 'ArrowDown':
      case 'PageDown':
      case ' ':
      case 'Enter':
        go(event.shiftKey && event.key === ' ' ? -1 : 1)
        break
      case 'ArrowUp':
      case 'PageUp':
      case 'Backspace':
        go(-1)
        break
      case 'Home':
        show(0)
        break
      case 'End':
        show(slides.length - 1)
        break
      case 'f':
      case 'F':
        toggleFullscreen()
        break
      case 'n':
      case 'N':
        toggleNotes()
        break
      case 'p':
      case 'P':
        openPresenter()
        break
      default:
        return
    }
    event.preventDefault()
  })

  document.querySelector('.bd-deck').addEventListener('click', function (event) {
    if (event.target.closest && event.target.closest('a, button')) return
    // A click on the first third (the left, or the right in a right-to-left deck) goes back.
    var start = rtl ? event.clientX > (window.innerWidth * 2) / 3 : event.clientX < window.innerWidth / 3
    go(start ? -1 : 1)
  })

  document.querySelector('.bd-controls').addEventListener('click', function (event) {
    var action = event.target.getAttribute && event.target.getAttribute('data-bd')
    if (action === 'prev') go(-1)
    if (action === 'next') go(1)
    if (action === 'notes') toggleNotes()
    if (action === 'fullscreen') toggleFullscreen()
    if (action === 'presenter') openPresenter()
    if (action === 'clock') started = Date.now()
  })

  var touchX = null
  document.addEventListener('touchstart', function (event) {
    touchX = event.touches[0].clientX
  }, {passive: true})
  document.addEventListener('touchend', function (event) {
    if (touchX === null) return
    var dx = event.changedTouches[0].clientX - touchX
    touchX = null
    if (Math.abs(dx) > 40) go((dx < 0) !== rtl ? 1 : -1)
  })

  window.addEventListener('hashchange', function () {
    show(fromHash())
  })

  var started = Date.now()
  function tick() {
    if (!clock) return
    var seconds = Math.floor((Date.now() - started) / 1000)
    var minutes = Math.floor(seconds / 60)
    var two = function (value) {
      return numbers ? new Intl.NumberFormat(labels.lang, {minimumIntegerDigits: 2}).format(value) : (value < 10 ? '0' : '') + value
    }
    clock.textContent = two(minutes) + ':' + two(seconds % 60)
  }

  document.body.classList.add('bd-js')
  if (presenter) {
    document.body.classList.add('bd-presenter')
    if (panel) panel.hidden = false
    if (clock) clock.hidden = false
    tick()
    setInterval(tick, 1000)
  }
  show(fromHash())
})()
