// "Show password": toggles the password field between hidden and visible text.
for (const box of document.querySelectorAll('[data-show-password]')) {
  const field = document.getElementById(box.dataset.showPassword);
  box.addEventListener('change', () => { field.type = box.checked ? 'text' : 'password'; });
}
