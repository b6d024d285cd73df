// allauth's WebAuthn forms report a failed browser call as an "allauth.error" event and
// otherwise only log it to the console. Show the person what went wrong, in their language:
// the messages come from the data-* attributes of #webauthn-error (see
// templates/mfa/webauthn/snippets/scripts.html).
(function () {
  'use strict'

  function messageKey (exception) {
    const name = exception && exception.name
    // An IP address as relying-party id ("invalid domain"), or a page not served over HTTPS.
    if (name === 'SecurityError' || !window.isSecureContext) return 'insecure'
    if (!window.PublicKeyCredential || name === 'NotSupportedError') return 'unsupported'
    if (name === 'NotAllowedError' || name === 'AbortError') return 'notAllowed'
    if (name === 'InvalidStateError') return 'known'
    return 'other'
  }

  document.addEventListener('allauth.error', function (event) {
    const detail = event.detail || {}
    if (!(detail.tags || []).includes('webauthn')) return
    const box = document.getElementById('webauthn-error')
    if (!box) return
    box.textContent = box.dataset[messageKey(detail.exception)] || box.dataset.other
    box.className = 'ds-alert'
    box.dataset.color = 'danger'
  })
})()
