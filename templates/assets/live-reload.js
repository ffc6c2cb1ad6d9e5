/* briefdeck serve: reload this page when its brief is rebuilt (a deck stays on
   its slide through the URL hash, a handout keeps its scroll position), and
   show build diagnostics in an overlay until they are fixed. */
(function () {
  'use strict'
  var key = 'briefdeck-scroll:' + location.pathname
  var saved = sessionStorage.getItem(key)
  if (saved !== null) {
    sessionStorage.removeItem(key)
    window.addEventListener('load', function () {
      window.scrollTo(0, Number(saved))
    })
  }
  // The overlay's heading, in the page's language (written by the server on this script's tag).
  var heading = (document.currentScript && document.currentScript.getAttribute('data-heading')) || 'briefdeck'
  var slug = location.pathname.split('/').filter(Boolean)[0] || ''
  var events = new EventSource('/__briefdeck/events')

  events.addEventListener('rebuilt', function (event) {
    var data = JSON.parse(event.data)
    var mine = data.all || data.slugs.indexOf(slug) !== -1 || slug === '' || slug === 'index.html'
    if (!mine) return
    sessionStorage.setItem(key, String(window.scrollY))
    location.reload()
  })

  events.addEventListener('diagnostics', function (event) {
    var data = JSON.parse(event.data)
    var overlay = document.getElementById('briefdeck-overlay')
    if (!data.messages.length) {
      if (overlay) overlay.remove()
      return
    }
    if (!overlay) {
      overlay = document.createElement('div')
      overlay.id = 'briefdeck-overlay'
      overlay.setAttribute('role', 'alert')
      overlay.setAttribute('dir', 'auto')
      overlay.style.cssText =
        'position:fixed;left:0;right:0;top:0;max-height:50vh;overflow:auto;z-index:2147483647;margin:0;padding:12px 16px;' +
        'background:#fff4f4;color:#5c0000;border-bottom:3px solid #b3261e;font:14px/1.5 ui-monospace,monospace;white-space:pre-wrap'
      document.body.appendChild(overlay)
    }
    overlay.textContent = heading + '\n\n' + data.messages.join('\n')
  })
})()
