const $ = id => document.getElementById(id);
$('checkout').addEventListener('submit', async e => {
  e.preventDefault();
  $('create').disabled = true;
  const body = { value: Number($('value').value) };
  if ($('description').value.trim()) body.description = $('description').value.trim();
  try {
    const response = await fetch('/payments/pix', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
    });
    const answer = await response.json();
    if (!response.ok) throw new Error(answer.error?.message ?? `HTTP ${response.status}`);
    location.assign(answer.page);
  } catch (err) {
    $('error').textContent = err.message;
    $('error').hidden = false;
    $('create').disabled = false;
  }
});
