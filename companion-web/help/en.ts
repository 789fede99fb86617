import type { HelpTexts } from './topics.ts';

// English help: what to do, step by step.

export const enHelp: HelpTexts = {
  checkCode: { heading: 'Check the code', steps: [
    'Compare the code you typed with the code on your TV. It has eight letters, like BCDF-GHJK.',
    'Capitals, spaces and dashes do not matter. Codes are made of letters only: no digits and no vowels.',
  ] },
  newCode: { heading: 'Get a new code', steps: [
    'On the TV, choose Sign In, then Sign In from Web. The TV shows a new QR code and a new code.',
    'Scan the new QR code, or go to /tv8 and enter the new code. Use the code the TV shows now.',
  ] },
  finishOnPhone: { heading: 'Finish on your phone or computer', steps: [
    'On the phone or computer where you entered the code, tap Continue and sign in if you are asked to.',
    'Tap Start Watching. Your TV is signed in a moment later.',
  ] },
  waitAndRetry: { heading: 'Wait, then try again', steps: [
    'To protect your account we paused tries for a few minutes.',
    'Wait a few minutes and try again. Check what you type before you send it.',
  ] },
  checkPassword: { heading: 'Check your email and password', steps: [
    'Make sure the email address or phone number shown is right. On the TV, choose Previous to go back and fix it.',
    'Enter your password again. Passwords are case-sensitive: on the TV, use the ⇧ key to switch between capitals and small letters.',
    'Choose Show Password to see the password and check it.',
  ] },
  resetPassword: { heading: 'Reset your password', steps: [
    'Go to /loginhelp on your phone or computer.',
    'Reset your password by email (Email Me) or by text message (Text Me) if your account has a phone number.',
    'Sign in again with the new password.',
  ] },
  signIn: { heading: 'Sign in again', steps: [
    'Sign in with your email address or phone number and your password.',
    'Then try again what you were doing.',
  ] },
  reloadPage: { heading: 'Start the page again', steps: [
    'Go back, reload the page and try again.',
  ] },
  clearCookies: { heading: "Clear this site's cookies", steps: [
    'Go to /clearcookies. This signs you out of this site.',
    'Choose Sign In and enter your email address or phone number and password.',
    'Try again.',
  ] },
  restartApp: { heading: 'Restart the TV app', steps: [
    'Close the TV app and open it again. If an update is offered, install it.',
    'Choose Sign In again.',
  ] },
  checkAddress: { heading: 'Check the address', steps: [
    'Check the address you typed. To sign in a TV, go to /tv8.',
  ] },
  tvKeepsTrying: { heading: 'The TV keeps trying by itself', steps: [
    'You do not need to do anything: the TV reconnects on its own and keeps its code while it is valid.',
    'This is not a problem with your password.',
  ] },
  tryLater: { heading: 'Try again in a moment', steps: [
    'This is a problem on our side, not with your password or your device.',
    'Wait a moment and try again.',
  ] },
  restartDevice: { heading: 'Restart your device', steps: [
    'Unplug the device from power.',
    'Press the power button once and wait 1 minute, or leave the device unplugged for 3 minutes.',
    'Plug the device back in, turn it on and try again.',
  ] },
  restartNetwork: { heading: 'Restart your home network', steps: [
    'Turn off your device, then unplug your modem and your router.',
    'Wait 30 seconds, then plug in the modem and the router again.',
    'Wait a minute, turn your device on and try again. Some modems and routers take longer to reconnect.',
  ] },
  defaultSettings: { heading: 'Restore the default connection settings', steps: [
    'If you changed connection settings on your device, set them back to the defaults: custom modem settings, VPN or proxy settings, custom DNS settings.',
    'Ask the maker of your device if you need help with these settings.',
  ] },
  contactIsp: { heading: 'Contact your internet provider', steps: [
    'If the problem stays, your internet provider can check whether the internet is down in your area and fix router, modem or network settings.',
    'Tell them whether the problem is on one device or on all devices on the same network, and whether the device uses Wi-Fi or a cable.',
  ] },
  newPassword: { heading: 'Choose a new password', steps: [
    'Use at least 8 characters. A few unrelated words make a strong password that is easy to remember.',
    'Passwords on a list of compromised or very common passwords are not accepted, and the new password must differ from your previous one.',
    'Type the new password twice, exactly the same.',
  ] },
  newResetLink: { heading: 'Ask for a new reset email', steps: [
    'Delete all older password reset emails from your inbox.',
    'Go to /clearcookies. This signs you out of this site.',
    'Go to /loginhelp, choose Email, enter your email address and choose Email Me.',
    'Use the link in the newest email. It works once and expires after 24 hours.',
  ] },
  checkSmsCode: { heading: 'Check the verification code', steps: [
    'Open the newest text message and type its code again, digit by digit.',
  ] },
  newSmsCode: { heading: 'Ask for a new text message', steps: [
    'Go to /loginhelp, choose Text Message (SMS), enter the phone number of your account and choose Text Me.',
    'Enter the code from the newest message. It expires after {minutes} minutes.',
  ] },
  switchProfile: { heading: 'Switch to a regular profile', steps: [
    'Kids profiles cannot change the password or the phone number.',
    'Go to /profiles, choose a profile that is not a Kids profile, and try again.',
  ] },
  checkEntry: { heading: 'Check what you typed', steps: [
    'An email address looks like name@example.com.',
    'Write a phone number with its country code, like +46 70 123 45 67.',
  ] },
  billingDetails: { heading: 'Find your account by billing details', steps: [
    'You need the first and last name on the account and the full number of the credit or debit card you pay with.',
    "Go to /loginhelp, choose I don't remember my email or phone, fill in the details and choose Find Account.",
    'If we find your account, we send a password reset email to its email address.',
  ] },
  contactSupport: { heading: 'Contact support', steps: [
    'If you pay through a third party or not by card, or recovery by billing details is not offered in your region, contact support for help.',
  ] },
};
