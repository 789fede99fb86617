// "Show password": toggles the password field(s) named in data-show-password (ids separated by
// spaces) between hidden and visible text.
for (const box of document.querySelectorAll('[data-show-password]')) {
  const fields = box.dataset.showPassword.split(' ').map((id) => document.getElementById(id)).filter(Boolean);
  box.addEventListener('change', () => { for (const field of fields) field.type = box.checked ? 'text' : 'password'; });
}
